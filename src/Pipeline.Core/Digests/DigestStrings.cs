using System.Net;
using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Digests;

/// <summary>
/// How article-derived strings are made safe for a message: one line with no control characters (for headers and
/// headings), HTML-encoded for the HTML part, and links only when they are http or https.
/// </summary>
public static class DigestStrings
{
    /// <summary>
    /// One line: every control character (CR, LF, tab, NUL…), and the Unicode line and paragraph separators, become
    /// a space; runs of white space become one; the ends are trimmed. Safe for a header value.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Control characters become spaces (the line and paragraph separators already are white space); then one
        // collapse, the same as article text gets.
        var spaced = string.Create(value.Length, value, static (span, v) =>
        {
            for (var i = 0; i < v.Length; i++)
            {
                span[i] = char.IsControl(v[i]) ? ' ' : v[i];
            }
        });
        return ArticleText.Collapse(spaced);
    }

    /// <summary>At most <paramref name="max"/> characters, cut at a word when one is near, ending in an ellipsis when cut.</summary>
    public static string Shorten(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= max)
        {
            return value;
        }

        var cut = value.LastIndexOf(' ', max - 1, Math.Min(max - 1, 30));
        var end = cut > 0 ? cut : max - 1;
        if (char.IsHighSurrogate(value[end - 1]))
        {
            end--;
        }

        return value[..end].TrimEnd() + "…";
    }

    /// <summary>The URL when it is an absolute http or https URL (escaped as a URI), otherwise null: never <c>javascript:</c>, <c>data:</c> or anything else.</summary>
    public static string? SafeUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : null;

    /// <summary>HTML-encoded (also safe inside a double- or single-quoted attribute), after <see cref="Clean"/>.</summary>
    public static string Html(string? value) => WebUtility.HtmlEncode(Clean(value));
}
