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
}
