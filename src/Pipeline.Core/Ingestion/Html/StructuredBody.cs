using System.Net;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// The article text a page gives in its JSON-LD (<c>articleBody</c>), for a page whose markup lacks it: one drawn by
/// script in the reader's browser keeps the text in its structured data, and the markup holds only a photo caption or
/// nothing at all. Where the markup does hold the article, the two are about as long (within a fifth on every dev page
/// that has both), and many pages give only a teaser there, so the markup's text wins unless it is under half as long.
/// </summary>
internal static partial class StructuredBody
{
    /// <summary>Whether <paramref name="articleBody"/> should stand for the article instead of <paramref name="paragraphs"/>.</summary>
    public static bool Replaces(IReadOnlyList<string> paragraphs, string? articleBody)
    {
        if (string.IsNullOrWhiteSpace(articleBody))
        {
            return false;
        }

        var found = 0L;
        foreach (var paragraph in paragraphs)
        {
            found += paragraph.Length;
        }

        return found * 2 < ArticleText.Collapse(articleBody).Length;
    }

    /// <summary>
    /// The paragraphs of an <c>articleBody</c>: its lines, or, where a publisher put markup in it, the blocks of that
    /// markup (read as a JSON article's HTML body is); entities decoded and whitespace collapsed. None for markup nested
    /// deeper than a page may be.
    /// </summary>
    public static List<string> Paragraphs(string articleBody)
    {
        if (Markup().IsMatch(articleBody))
        {
            return HtmlDepth.TooDeep(articleBody) is null ? HtmlText.FromFragment(articleBody) : [];
        }

        return [.. articleBody.Split('\n').Select(line => ArticleText.Collapse(WebUtility.HtmlDecode(line))).Where(p => p.Length > 0)];
    }

    [GeneratedRegex(@"</?(?:p|br|div|h[1-6]|ul|ol|li|blockquote)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();
}
