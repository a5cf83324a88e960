namespace Pipeline.Core.Ingestion;

/// <summary>
/// A cheap scan of how deeply the tags of an HTML document nest, run before the document is parsed: building and
/// scoring a tree 100,000 elements deep takes minutes and hundreds of megabytes (issue #12), so such a file is
/// rejected up front. Void elements, self-closing tags and elements whose end tag is optional do not count as
/// opening a level, so real pages with unclosed <c>&lt;p&gt;</c> or <c>&lt;li&gt;</c> stay far below the limit.
/// </summary>
public static class HtmlDepth
{
    /// <summary>Far deeper than article pages nest (a few dozen levels); a tree this deep still parses in milliseconds.</summary>
    public const int MaxDepth = 512;

    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "rt", "rp",
        "html", "head", "body", "!doctype",
    };

    /// <summary>The deepest level of open tags in <paramref name="html"/>, counted up to just past <paramref name="stopAt"/>.</summary>
    public static int Measure(ReadOnlySpan<char> html, int stopAt = MaxDepth)
    {
        var depth = 0;
        var deepest = 0;
        var i = 0;
        while (deepest <= stopAt && (i = html.IndexOf('<')) >= 0)
        {
            html = html[(i + 1)..];
            var closing = !html.IsEmpty && html[0] == '/';
            var nameStart = closing ? 1 : 0;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or '!'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                continue;
            }

            var name = html[nameStart..nameEnd];
            if (NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                continue;
            }

            var end = html.IndexOf('>');
            var selfClosing = end > 0 && html[end - 1] == '/';
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (!selfClosing)
            {
                deepest = Math.Max(deepest, ++depth);
            }
        }

        return deepest;
    }

    /// <summary>Why <paramref name="html"/> is rejected as too deeply nested, or null when it is not.</summary>
    public static string? TooDeep(string html) =>
        Measure(html) > MaxDepth
            ? $"The HTML nests deeper than {MaxDepth} levels of elements, which no article page does."
            : null;
}
