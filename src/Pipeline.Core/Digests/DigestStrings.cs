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
    /// a space; runs of white space become one; the ends are trimmed; bidi overrides and zero-width spaces are dropped
    /// (<see cref="IsInvisibleTrick"/>). Safe for a header value.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Control characters become spaces (the line and paragraph separators already are white space), invisible
        // tricks go; then one collapse, the same as article text gets.
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!IsInvisibleTrick(c))
            {
                builder.Append(char.IsControl(c) ? ' ' : c);
            }
        }

        return ArticleText.Collapse(builder.ToString());
    }

    /// <summary>
    /// Bidi overrides, embeddings and isolates (which can make <c>invoice\u202Egpj.exe</c> read as <c>invoiceexe.jpg</c>),
    /// zero-width spaces, the word joiner and a stray byte-order mark: dropped from every string a digest shows. The
    /// zero-width joiner and non-joiner stay, since emoji and several scripts need them, and so do the LRM and RLM marks.
    /// </summary>
    public static bool IsInvisibleTrick(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\u2060' or '\uFEFF';

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
