using System.Text;
using UtfUnknown;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Names the legacy encoding of bytes that are not UTF-8 and declare no charset, when they are in a non-Latin script:
/// Cyrillic (Windows-1251, KOI8-R, ...), Chinese (GBK/GB18030, Big5), Japanese (Shift_JIS, EUC-JP), Korean (EUC-KR),
/// Greek, Hebrew, Arabic and Thai. The statistics are uchardet's (through UTF.Unknown), run on the text between tags.
/// </summary>
/// <remarks>
/// Only those scripts are taken from the detector: read as Windows-1252 they would be mojibake in any case, so a
/// detection can only help. For Latin text the detector's guesses (Windows-1250, ISO-8859-2, ...) on a few accented
/// letters among ASCII are far less sure than the web's prior, so Latin pages keep the Windows-1252 reading.
/// </remarks>
internal static class LegacyCharsetDetector
{
    private const int MaxSample = 64 * 1024;

    /// <summary>The smallest detector confidence taken; below it Windows-1252 stays the reading.</summary>
    private const float MinConfidence = 0.5f;

    private static readonly HashSet<string> NonLatin = new(StringComparer.OrdinalIgnoreCase)
    {
        "windows-1251", "koi8-r", "koi8-u", "iso-8859-5", "ibm866", "ibm855", "x-mac-cyrillic",
        "gb18030", "gb2312", "gbk", "big5", "euc-tw", "hz-gb-2312", "iso-2022-cn",
        "shift_jis", "shift-jis", "euc-jp", "iso-2022-jp",
        "euc-kr", "ks_c_5601-1987", "iso-2022-kr", "cp949",
        "windows-1253", "iso-8859-7", "windows-1255", "iso-8859-8", "windows-1256", "iso-8859-6", "windows-874", "tis-620",
    };

    /// <summary>The encoding of <paramref name="content"/> when it is confidently one of the non-Latin legacy encodings; else null.</summary>
    public static Encoding? Detect(ReadOnlySpan<byte> content)
    {
        var sample = TextBetweenTags(content);
        if (!HasManyHighBytes(sample))
        {
            return null;
        }

        var detected = CharsetDetector.DetectFromBytes(sample).Detected;
        if (detected?.EncodingName is not { } name || detected.Confidence < MinConfidence || !NonLatin.Contains(name))
        {
            return null;
        }

        try
        {
            // GB18030 is a superset of GBK and GB2312, so one decoder reads all three; uchardet spells Shift_JIS "shift-jis".
            return CodePagesEncodingProvider.Instance.GetEncoding(name.ToLowerInvariant() switch
            {
                "gb2312" or "gbk" => "gb18030",
                "shift-jis" => "shift_jis",
                var other => other,
            });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The bytes outside markup, scripts and styles: tag names and attributes are ASCII and would dilute the
    /// statistics, and on most pages they far outnumber the text.
    /// </summary>
    private static byte[] TextBetweenTags(ReadOnlySpan<byte> content)
    {
        var sample = new List<byte>(Math.Min(content.Length, MaxSample));
        var inTag = false;
        for (var i = 0; i < content.Length && sample.Count < MaxSample; i++)
        {
            var b = content[i];
            if (inTag)
            {
                inTag = b != (byte)'>';
                continue;
            }

            if (b == (byte)'<')
            {
                var rest = content[(i + 1)..];
                if (StartsWithIgnoreCase(rest, "script"u8) || StartsWithIgnoreCase(rest, "style"u8))
                {
                    var close = IndexOfIgnoreCase(rest, StartsWithIgnoreCase(rest, "script"u8) ? "</script"u8 : "</style"u8);
                    i = close < 0 ? content.Length : i + close;
                }

                inTag = true;
                continue;
            }

            sample.Add(b);
        }

        return [.. sample];
    }

    /// <summary>Non-Latin legacy text is mostly bytes above 0x7F; Latin text has a few accented letters in ASCII.</summary>
    private static bool HasManyHighBytes(byte[] sample)
    {
        int high = 0, letters = 0;
        foreach (var b in sample)
        {
            if (b >= 0x80)
            {
                high++;
            }
            else if (char.IsAsciiLetter((char)b))
            {
                letters++;
            }
        }

        return high >= 16 && high >= (high + letters) / 4;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerPrefix)
    {
        if (text.Length < lowerPrefix.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerPrefix.Length; i++)
        {
            if ((text[i] | 0x20) != lowerPrefix[i] && text[i] != lowerPrefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerNeedle)
    {
        for (var i = 0; i + lowerNeedle.Length <= text.Length; i++)
        {
            if (StartsWithIgnoreCase(text[i..], lowerNeedle))
            {
                return i;
            }
        }

        return -1;
    }
}
