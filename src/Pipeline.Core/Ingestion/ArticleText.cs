using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Text handling every parser shares, whatever the format: whitespace collapse, the date forms files use, a "By …"
/// line or date line at the top read as metadata, and the last step from body paragraphs to a <see cref="ParsedArticle"/>.
/// </summary>
internal static partial class ArticleText
{
    /// <summary>Longer than this, a line is body text rather than a title, and a fallback title is cut to it.</summary>
    internal const int MaxTitleLength = 150;

    /// <summary>
    /// The article from its body <paramref name="paragraphs"/> (collapsed; empty ones dropped), or null when none is left.
    /// Its title is the one <paramref name="metadata"/> declares, else <paramref name="heading"/> found in the text, else the first sentence.
    /// </summary>
    public static ParsedArticle? ToArticle(IEnumerable<string> paragraphs, ArticleFormat format, ArticleMetadata metadata, string name, string? heading = null)
    {
        var body = paragraphs.Select(Collapse).Where(p => p.Length > 0).ToList();
        return body.Count == 0 ? null : new ParsedArticle(metadata.Title ?? heading ?? FallbackTitle(body[0], name), body, format, metadata);
    }

    /// <summary>The first sentence of <paramref name="paragraph"/>, shortened at a word; else the file name.</summary>
    public static string FallbackTitle(string paragraph, string name)
    {
        var end = SentenceEnd().Match(paragraph);
        var sentence = end.Success ? paragraph[..(end.Index + 1)] : paragraph;
        if (sentence.Length > MaxTitleLength)
        {
            var cut = sentence.LastIndexOf(' ', MaxTitleLength);
            sentence = (cut > 40 ? sentence[..cut] : sentence[..MaxTitleLength]).TrimEnd(',', ';', ':') + "…";
        }

        sentence = sentence.Trim();
        return sentence.Length > 0 ? sentence : Path.GetFileNameWithoutExtension(name) is { Length: > 0 } stem ? stem : "Untitled";
    }

    /// <summary>True for a "By Jane Doe" line or a short line that is only a date.</summary>
    public static bool IsBylineOrDate(string line) =>
        BylineLine().IsMatch(line) || (line.Length <= 40 && ParseDate(line.TrimEnd('.')) is not null);

    /// <summary>
    /// A "By Jane Doe" line and a date-only line at the top of <paramref name="paragraphs"/> are metadata, not body text:
    /// they are removed and fill the byline and date that <paramref name="metadata"/> does not have yet.
    /// </summary>
    public static ArticleMetadata LiftBylineAndDate(List<string> paragraphs, ArticleMetadata metadata)
    {
        for (var i = 0; i < 2 && paragraphs.Count > 1; i++)
        {
            var line = paragraphs[0];
            if (metadata.Byline is null && BylineLine().Match(line) is { Success: true } byline)
            {
                metadata = metadata with { Byline = byline.Groups[1].Value.Trim() };
            }
            else if (metadata.Published is null && line.Length <= 40 && ParseDate(line.TrimEnd('.')) is { } date)
            {
                metadata = metadata with { Published = date };
            }
            else
            {
                break;
            }

            paragraphs.RemoveAt(0);
        }

        return metadata;
    }

    /// <summary>Parses the date forms files use: ISO 8601, RFC 1123, and plain dates; null when unreadable.</summary>
    public static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return parsed;
        }

        // "2015-04-21T17:32:00+0200" style offsets without a colon.
        if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:sszzzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmzzz"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
        {
            return parsed;
        }

        var compactOffset = CompactOffset().Match(value);
        if (compactOffset.Success)
        {
            var fixedValue = string.Concat(value.AsSpan(0, compactOffset.Index), compactOffset.Groups[1].Value, ":", compactOffset.Groups[2].Value);
            if (DateTimeOffset.TryParse(fixedValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the text is written in capitals: at least <paramref name="minLetters"/> letters, nine in ten of them
    /// upper case (a shouted promotion or label, not prose).
    /// </summary>
    public static bool IsShouted(string text, int minLetters)
    {
        var letters = 0;
        var upper = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }
        }

        return letters >= minLetters && upper >= letters * 0.9;
    }

    /// <summary>Collapses every run of whitespace to one space and trims the ends.</summary>
    public static string Collapse(string text)
    {
        var needs = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || i == 0 || i == text.Length - 1 || char.IsWhiteSpace(text[i + 1])))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[.!?…][""”’)\]]?(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?i:by|written by)\s+(\p{Lu}[\p{L}.'’\- ]{1,60}?(\s+(?i:and)\s+\p{Lu}[\p{L}.'’\- ]{1,40})?)\s*$")]
    private static partial Regex BylineLine();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();
}
