using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>The layouts a file's text can have; JSON Lines is JSON with one article per line.</summary>
public enum DetectedFormat
{
    Text,
    Html,
    Markdown,
    Json,
    JsonLines,
}

/// <summary>
/// Decides what a decoded file is from its content, with the file extension as a hint: the content wins where it
/// is unambiguous (markup is HTML, a leading brace is JSON), the extension settles the rest, and text with an
/// unknown extension is plain text unless it reads like Markdown.
/// </summary>
public static partial class FormatDetector
{
    /// <summary>Detects the format of <paramref name="text"/>, named <paramref name="name"/>.</summary>
    public static DetectedFormat Detect(string text, string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var start = text.AsSpan().TrimStart();

        if (extension is ".jsonl" or ".ndjson")
        {
            return DetectedFormat.JsonLines;
        }

        if (start.Length > 0 && (start[0] == '{' || start[0] == '['))
        {
            if (extension == ".json" || LooksLikeJson(start))
            {
                return start[0] == '{' && IsJsonLines(text) ? DetectedFormat.JsonLines : DetectedFormat.Json;
            }
        }

        if (extension == ".json")
        {
            return DetectedFormat.Json;
        }

        var head = start[..Math.Min(start.Length, 4096)].ToString();
        if (start.Length > 0 && start[0] == '<' && HtmlSignature().IsMatch(head))
        {
            return DetectedFormat.Html;
        }

        if (extension is ".html" or ".htm" or ".xhtml" or ".shtml")
        {
            return DetectedFormat.Html;
        }

        if (extension is ".md" or ".markdown" or ".mdown" or ".mkd")
        {
            return DetectedFormat.Markdown;
        }

        if (MarkdownParser.HasFrontMatter(text))
        {
            return DetectedFormat.Markdown;
        }

        if (extension != ".txt" && LooksLikeMarkdown(head))
        {
            return DetectedFormat.Markdown;
        }

        if (extension != ".txt" && HtmlSignature().IsMatch(head) && HtmlBlockTags().Count(head) >= 3)
        {
            return DetectedFormat.Html;
        }

        return DetectedFormat.Text;
    }

    private static bool LooksLikeJson(ReadOnlySpan<char> start)
    {
        var rest = start[1..].TrimStart();
        return rest.Length == 0 || rest[0] is '"' or '{' or '[' or '}' or ']';
    }

    private static bool IsJsonLines(string text)
    {
        var lines = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed[0] != '{' || trimmed[^1] != '}')
            {
                return false;
            }

            lines++;
        }

        return lines >= 2;
    }

    private static bool LooksLikeMarkdown(string head)
    {
        var signals = MarkdownHeading().Count(head) + MarkdownLink().Count(head) + MarkdownEmphasis().Count(head) + MarkdownFence().Count(head);
        return signals >= 2 || (head.StartsWith("# ", StringComparison.Ordinal) && signals >= 1);
    }

    [GeneratedRegex(@"<(!doctype\s+html|html|head|body|meta|title|article|main|div|p|section|h[1-6]|table|ul)[\s>/]", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlSignature();

    [GeneratedRegex(@"</(p|div|li|h[1-6]|section|article|table|body|html)>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBlockTags();

    [GeneratedRegex(@"^#{1,6}[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"!?\[[^\]\n]+\]\([^)\s]+\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(\*\*|__)\S[^\n]*?\S\1")]
    private static partial Regex MarkdownEmphasis();

    [GeneratedRegex(@"^```", RegexOptions.Multiline)]
    private static partial Regex MarkdownFence();
}
