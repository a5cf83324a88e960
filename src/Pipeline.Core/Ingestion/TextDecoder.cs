using System.Text;

namespace Pipeline.Core.Ingestion;

/// <summary>The text of a file once its bytes were decoded, and the encoding that was used.</summary>
/// <param name="Text">The decoded text, NFC-normalised, without a byte-order mark.</param>
/// <param name="EncodingName">The web name of the encoding that decoded it (utf-8, utf-16le, windows-1252, ...).</param>
public sealed record DecodedText(string Text, string EncodingName);

/// <summary>
/// Turns bytes into text: a byte-order mark wins; bytes that are valid UTF-8 are UTF-8; otherwise the charset the
/// document declares (<c>&lt;meta charset&gt;</c>, http-equiv or an XML declaration) is used; without one, text in a
/// non-Latin script is recognised statistically (<see cref="LegacyCharsetDetector"/>) and the rest is read as
/// Windows-1252, the legacy single-byte encoding of most of the web. BOM-less UTF-16 is recognised by its pattern of NUL bytes
/// before content with NULs is called binary.
/// </summary>
public static class TextDecoder
{
    private const int SniffLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252, which browsers also use for content labelled ISO-8859-1 or US-ASCII.</summary>
    internal static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    /// <summary>Decodes <paramref name="content"/>, or returns a rejection saying why it is not text.</summary>
    public static (DecodedText? Text, Rejection? Rejection) Decode(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return (null, new Rejection(RejectionCodes.Empty, "The file is empty (0 bytes)."));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Strict(content[3..], StrictUtf8, "utf-8", "starts with a UTF-8 byte-order mark");
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Strict(content[2..], StrictUtf16Le, "utf-16le", "starts with a UTF-16 little-endian byte-order mark");
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Strict(content[2..], StrictUtf16Be, "utf-16be", "starts with a UTF-16 big-endian byte-order mark");
        }

        if (KnownBinaryType(content) is { } type)
        {
            return (null, new Rejection(RejectionCodes.Binary, $"The file is a {type}, not text."));
        }

        if (content.IndexOf((byte)0) >= 0)
        {
            return Utf16WithoutBom(content) switch
            {
                true => Strict(content, StrictUtf16Le, "utf-16le", "looks like UTF-16 little-endian text"),
                false => Strict(content, StrictUtf16Be, "utf-16be", "looks like UTF-16 big-endian text"),
                null => (null, new Rejection(RejectionCodes.Binary, "The file contains NUL bytes in no text encoding's pattern; it is binary, not text.")),
            };
        }

        if (LooksBinary(content))
        {
            return (null, new Rejection(RejectionCodes.Binary, "The file is mostly control bytes; it is binary, not text."));
        }

        // Multi-byte UTF-8 sequences almost never occur by chance in legacy text, so bytes that are valid UTF-8 are
        // UTF-8 even when a stale <meta charset> (left over from a re-encoded page) says otherwise.
        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            return Done(Encoding.UTF8.GetString(content), "utf-8");
        }

        if (DeclaredEncoding(content) is { } declared && declared.CodePage != Encoding.UTF8.CodePage)
        {
            return Done(declared.GetString(content), declared.WebName);
        }

        // Undeclared legacy bytes in a non-Latin script (Cyrillic, CJK, ...) are recognised by their byte statistics.
        if (LegacyCharsetDetector.Detect(content) is { } detected)
        {
            return Done(detected.GetString(content), detected.WebName);
        }

        // Otherwise a legacy single-byte Latin file, which on the web almost always means Windows-1252.
        return Done(Windows1252.GetString(content), "windows-1252");
    }

    private static (DecodedText?, Rejection?) Strict(ReadOnlySpan<byte> content, Encoding encoding, string name, string why)
    {
        if (encoding is UnicodeEncoding && content.Length % 2 != 0)
        {
            content = content[..^1];
        }

        try
        {
            var text = encoding.GetString(content);
            return text.Contains('\0', StringComparison.Ordinal)
                ? (null, new Rejection(RejectionCodes.Binary, $"The file {why} but holds NUL characters; it is binary, not text."))
                : Done(text, name);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? $" at byte {ex.Index}" : string.Empty;
            return (null, new Rejection(RejectionCodes.Undecodable, $"The file {why} but is not valid {name}{at}."));
        }
    }

    private static (DecodedText?, Rejection?) Done(string text, string name)
    {
        try
        {
            return (new DecodedText(NormalisedC(text), name), null);
        }
        catch (ArgumentException)
        {
            // Valid UTF-16 can still hold code points normalisation refuses (U+FFFE, U+FFFF and the other
            // noncharacters): they stand for nothing, so each becomes U+FFFD, as an undecodable byte does.
            return (new DecodedText(NormalisedC(WithoutNoncharacters(text)), name), null);
        }
    }

    private static string NormalisedC(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    private static string WithoutNoncharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            var noncharacter = (rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF;
            var written = (noncharacter ? Rune.ReplacementChar : rune).EncodeToUtf16(buffer);
            builder.Append(buffer[..written]);
        }

        return builder.ToString();
    }

    /// <summary>True for little-endian UTF-16, false for big-endian, null when NULs do not fall in either pattern.</summary>
    private static bool? Utf16WithoutBom(ReadOnlySpan<byte> content)
    {
        var sample = content[..(Math.Min(content.Length, SniffLength) & ~1)];
        if (sample.Length < 2)
        {
            return null;
        }

        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenNuls += sample[i] == 0 ? 1 : 0;
            oddNuls += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;

        // Mostly-ASCII UTF-16 has a NUL in nearly every high byte and almost none in the low bytes.
        if (oddNuls >= pairs * 0.4 && evenNuls <= pairs * 0.05)
        {
            return true;
        }

        if (evenNuls >= pairs * 0.4 && oddNuls <= pairs * 0.05)
        {
            return false;
        }

        return null;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, SniffLength)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                control++;
            }
        }

        return control > sample.Length / 10;
    }

    private static string? KnownBinaryType(ReadOnlySpan<byte> content) => content switch
    {
        _ when content.StartsWith("%PDF-"u8) => "PDF document",
        _ when content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) => "PNG image",
        _ when content.StartsWith("GIF8"u8) => "GIF image",
        _ when content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => "JPEG image",
        _ when content.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) => "ZIP archive (or an Office document)",
        _ when content.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) => "gzip archive",
        _ => null,
    };

    /// <summary>
    /// The charset an HTML or XML document declares in its first bytes, as the HTML prescan does; null if none or unknown.
    /// </summary>
    internal static Encoding? DeclaredEncoding(ReadOnlySpan<byte> content)
    {
        var head = Encoding.ASCII.GetString(content[..Math.Min(content.Length, 2048)]);
        var at = 0;
        while ((at = head.IndexOf("charset", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            at += "charset".Length;
            var i = at;
            while (i < head.Length && head[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= head.Length || head[i] != '=')
            {
                continue;
            }

            i++;
            while (i < head.Length && head[i] is ' ' or '\t' or '"' or '\'')
            {
                i++;
            }

            var start = i;
            while (i < head.Length && (char.IsAsciiLetterOrDigit(head[i]) || head[i] is '-' or '_' or ':' or '.'))
            {
                i++;
            }

            if (i > start && ByLabel(head[start..i]) is { } encoding)
            {
                return encoding;
            }
        }

        var xml = head.StartsWith("<?xml", StringComparison.Ordinal) ? head.IndexOf("encoding=", StringComparison.Ordinal) : -1;
        if (xml > 0 && xml + 10 < head.Length)
        {
            var quote = head[xml + 9];
            var end = head.IndexOf(quote, xml + 10);
            if (end > xml)
            {
                return ByLabel(head[(xml + 10)..end]);
            }
        }

        return null;
    }

    private static Encoding? ByLabel(string label)
    {
        switch (label.ToUpperInvariant())
        {
            case "UTF-8" or "UTF8" or "UNICODE-1-1-UTF-8":
                return Encoding.UTF8;
            case "ISO-8859-1" or "ISO8859-1" or "LATIN1" or "L1" or "US-ASCII" or "ASCII" or "WINDOWS-1252" or "CP1252" or "X-CP1252" or "CP819":
                return Windows1252;
            case "UTF-16" or "UTF-16LE" or "UTF-16BE":
                // A UTF-16 label on bytes without NULs is wrong; browsers read such files as UTF-8.
                return null;
        }

        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(label) ?? Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
