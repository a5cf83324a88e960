using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class TextDecoderTests
{
    private const string Sample = "Café owners in Zürich say “prices” rose — again.";

    [Fact]
    public void Decode_Utf8WithBom_StripsBomAndKeepsAccents()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();

        var (decoded, rejection) = TextDecoder.Decode(bytes);

        Assert.Null(rejection);
        Assert.Equal(Sample, decoded!.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
    }

    [Fact]
    public void Decode_Utf16LittleEndianWithBom_DecodesText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sample)).ToArray();

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Equal(Sample, decoded!.Text);
        Assert.Equal("utf-16le", decoded.EncodingName);
    }

    [Fact]
    public void Decode_Utf16BigEndianWithBom_DecodesText()
    {
        var bytes = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Sample)).ToArray();

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Equal(Sample, decoded!.Text);
        Assert.Equal("utf-16be", decoded.EncodingName);
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public void Decode_Utf16WithoutBom_RecognisedByNulPatternNotCalledBinary(bool bigEndian, string expected)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(Sample);

        var (decoded, rejection) = TextDecoder.Decode(bytes);

        Assert.Null(rejection);
        Assert.Equal(Sample, decoded!.Text);
        Assert.Equal(expected, decoded.EncodingName);
    }

    [Fact]
    public void Decode_Windows1252WithMetaCharset_UsesDeclaredCharset()
    {
        var html = "<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9</title></head><body><p>\u201cSmart quotes\u201d \u2013 and \u20ac5.</p></body></html>";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(html);

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Contains("\u201cSmart quotes\u201d \u2013 and \u20ac5.", decoded!.Text, StringComparison.Ordinal);
        Assert.Equal("windows-1252", decoded.EncodingName);
    }

    [Fact]
    public void Decode_Iso88591HttpEquiv_ReadAsWindows1252LikeBrowsers()
    {
        var html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head><body><p>Se\u00f1or \u201cquoted\u201d</p></body></html>";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(html);

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Contains("Se\u00f1or \u201cquoted\u201d", decoded!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Windows1252WithoutDeclaration_DetectedBecauseNotUtf8()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("The na\u00efve caf\u00e9 charged \u20ac4 \u2014 a \u201cbargain\u201d.");

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Equal("The na\u00efve caf\u00e9 charged \u20ac4 \u2014 a \u201cbargain\u201d.", decoded!.Text);
        Assert.Equal("windows-1252", decoded.EncodingName);
    }

    [Fact]
    public void Decode_ValidUtf8UnderStaleLegacyCharset_StaysUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Zürich café</p></body></html>");

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Contains("Zürich café", decoded!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_DecomposedAccents_NormalisedToNfc()
    {
        var bytes = Encoding.UTF8.GetBytes("Cafe\u0301 culture");

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Equal("Caf\u00e9 culture", decoded!.Text);
    }

    [Fact]
    public void Decode_PngImage_RejectedAsBinaryNamingTheType()
    {
        byte[] bytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

        var (_, rejection) = TextDecoder.Decode(bytes);

        Assert.Equal(RejectionCodes.Binary, rejection!.Code);
        Assert.Contains("PNG", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RandomBytesWithNuls_RejectedAsBinary()
    {
        var bytes = new byte[2048];
        new Random(42).NextBytes(bytes);
        bytes[10] = 0;

        var (_, rejection) = TextDecoder.Decode(bytes);

        Assert.Equal(RejectionCodes.Binary, rejection!.Code);
    }

    [Fact]
    public void Decode_Utf8BomFollowedByInvalidBytes_RejectedAsUndecodable()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'O', (byte)'K', 0xC3, 0x28, (byte)'!'];

        var (_, rejection) = TextDecoder.Decode(bytes);

        Assert.Equal(RejectionCodes.Undecodable, rejection!.Code);
        Assert.Contains("UTF-8", rejection.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_Utf16BomWithLoneSurrogate_RejectedAsUndecodable()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'H', 0, 0x00, 0xD8, (byte)'i', 0];

        var (_, rejection) = TextDecoder.Decode(bytes);

        Assert.Equal(RejectionCodes.Undecodable, rejection!.Code);
    }

    public static TheoryData<string, string> UndeclaredLegacyPages => new()
    {
        { "windows-1251", Russian },
        { "koi8-r", Russian },
        { "gb18030", Chinese },
        { "shift_jis", Japanese },
        { "euc-kr", Korean },
    };

    public static TheoryData<string> LatinPages => new()
    {
        "Die Bürgerinnen und Bürger der Stadt Köln haben am Sonntag über die Zukunft des Rheinufers abgestimmt. Eine knappe Mehrheit sprach sich für mehr Grünflächen aus, während die Händler über fehlende Parkplätze klagten. „Wir müssen jetzt gemeinsam handeln“, sagte die Oberbürgermeisterin.",
        "Le ministre a présenté mercredi un projet de réforme très attendu. Selon les syndicats, les élèves et les enseignants n'ont pas été consultés ; la grève prévue jeudi est maintenue. « Ce n'est qu'un début », a déclaré leur porte-parole à l'Assemblée.",
        "El año pasado la economía española creció más de lo previsto, según el Banco de España. Sin embargo, el desempleo juvenil sigue siendo alto y la inflación afectó a los hogares más pobres. ¿Qué pasará en otoño? Nadie lo sabe con certeza.",
        "O governo português anunciou ontem novas medidas para as regiões do interior. A população, porém, não está convencida: “São promessas antigas”, disse um agricultor à imprensa.",
    };

    private const string Russian = "В понедельник правительство объявило о новых мерах поддержки малого бизнеса. "
        + "По словам министра экономики, льготные кредиты получат более десяти тысяч предприятий по всей стране. "
        + "Эксперты считают, что эти меры помогут сохранить рабочие места, однако предупреждают о росте инфляции в следующем году.";

    private const string Chinese = "本周一，市政府宣布了一项新的城市交通改善计划。根据该计划，未来三年内将新建两条地铁线路，"
        + "并在市中心增加自行车道。专家认为，这些措施有助于缓解交通拥堵，减少空气污染，但也有居民担心施工期间的噪音问题。";

    private const string Japanese = "政府は月曜日、中小企業を支援するための新しい対策を発表した。経済大臣によると、"
        + "全国の一万社以上の企業が低金利の融資を受けられるという。専門家はこの対策が雇用の維持に役立つと評価する一方で、"
        + "来年の物価上昇を懸念する声も上がっている。";

    private const string Korean = "정부는 월요일 중소기업을 지원하기 위한 새로운 대책을 발표했다. 경제부 장관에 따르면 전국의 만 개가 넘는 기업이 "
        + "저금리 대출을 받을 수 있게 된다. 전문가들은 이번 조치가 일자리를 지키는 데 도움이 될 것으로 평가하면서도 내년 물가 상승을 우려했다.";

    [Theory]
    [MemberData(nameof(UndeclaredLegacyPages))]
    public void Decode_NonLatinLegacyPageWithoutCharset_DetectedStatistically(string encoding, string text)
    {
        var html = $"<!DOCTYPE html><html><head><title>{text[..12]}</title><style>body {{ margin: 0 }}</style></head>"
            + $"<body><div class=\"article\"><h1>{text[..20]}</h1><p>{text}</p></div></body></html>";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(encoding)!.GetBytes(html);

        var (decoded, rejection) = TextDecoder.Decode(bytes);

        Assert.Null(rejection);
        Assert.Equal(html, decoded!.Text);
    }

    [Theory]
    [MemberData(nameof(LatinPages))]
    public void Decode_LatinLegacyPageWithoutCharset_StillWindows1252(string text)
    {
        var html = $"<html><head><title>Nachrichten</title></head><body><p>{text}</p></body></html>";
        var windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var bytes = windows1252.GetBytes(html);

        var (decoded, _) = TextDecoder.Decode(bytes);

        Assert.Equal("windows-1252", decoded!.EncodingName);
        Assert.Equal(windows1252.GetString(bytes), decoded.Text);
    }
}
