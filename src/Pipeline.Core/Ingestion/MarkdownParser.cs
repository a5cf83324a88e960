using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads a Markdown article: optional YAML front matter (title, date, url, tags, author, lang), the first
/// level-one heading as title when front matter has none, and the body as plain paragraphs with Markdown
/// syntax removed (links keep their text, images and reference definitions are dropped, list items are paragraphs).
/// </summary>
public static partial class MarkdownParser
{
    /// <summary>True when <paramref name="text"/> opens with a <c>---</c> YAML front matter block.</summary>
    public static bool HasFrontMatter(string text) => FrontMatter().IsMatch(text);

    /// <summary>Parses <paramref name="text"/>; null when no body text is left.</summary>
    public static ParsedArticle? Parse(string text, string name)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var metadata = ArticleMetadata.Empty;
        string? title = null;
        var match = FrontMatter().Match(text);
        if (match.Success)
        {
            (title, metadata) = ReadFrontMatter(match.Groups[1].Value);
            text = text[match.Length..];
        }

        var paragraphs = new List<string>();
        var current = new StringBuilder();
        var lines = HtmlComment().Replace(text, string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                Flush(paragraphs, current);
                var fence = line.TrimStart()[..3];
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++)
                {
                    code.Add(lines[i].TrimEnd());
                }

                if (string.Join('\n', code).Trim() is { Length: > 0 } block)
                {
                    paragraphs.Add(block);
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(line) || Rule().IsMatch(line) || ReferenceDefinition().IsMatch(line))
            {
                Flush(paragraphs, current);
                continue;
            }

            if (i + 1 < lines.Length && current.Length == 0 && SetextUnderline().Match(lines[i + 1]) is { Success: true } underline)
            {
                var heading = Inline(line);
                if (title is null && underline.Value.TrimStart()[0] == '=')
                {
                    title = heading;
                }
                else
                {
                    paragraphs.Add(heading);
                }

                i++;
                continue;
            }

            var atx = AtxHeading().Match(line);
            if (atx.Success)
            {
                Flush(paragraphs, current);
                var heading = Inline(atx.Groups[2].Value);
                if (title is null && atx.Groups[1].Length == 1 && paragraphs.Count == 0)
                {
                    title = heading;
                }
                else if (heading.Length > 0)
                {
                    paragraphs.Add(heading);
                }

                continue;
            }

            var content = BlockQuote().Replace(line, string.Empty);
            var item = ListItem().Match(content);
            if (item.Success)
            {
                Flush(paragraphs, current);
                content = content[item.Length..];
            }

            current.Append(Inline(content)).Append(' ');
        }

        Flush(paragraphs, current);

        // Markdown is not a copy of a web page: the tweet and promotion clean-up of plain text does not apply to it.
        metadata = ArticleText.LiftBylineAndDate(paragraphs, metadata);
        return ArticleText.ToArticle(paragraphs, ArticleFormat.Markdown, metadata, name, title);
    }

    private static void Flush(List<string> paragraphs, StringBuilder current)
    {
        var text = ArticleText.Collapse(current.ToString());
        current.Clear();
        if (text.Length > 0)
        {
            paragraphs.Add(text);
        }
    }

    /// <summary>Removes inline Markdown: images, links (keeping their text), emphasis, code spans and escapes.</summary>
    internal static string Inline(string text)
    {
        text = Image().Replace(text, string.Empty);
        text = Link().Replace(text, "$1");
        text = ReferenceLink().Replace(text, "$1");
        text = AutoLink().Replace(text, "$1");
        text = Strong().Replace(text, "$2");
        text = Emphasis().Replace(text, "$2");
        text = Strike().Replace(text, "$1");
        text = CodeSpan().Replace(text, "$1");
        text = InlineTag().Replace(text, string.Empty);
        text = Escape().Replace(text, "$1");
        return System.Net.WebUtility.HtmlDecode(text).Trim();
    }

    private static (string? Title, ArticleMetadata Metadata) ReadFrontMatter(string yaml)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tags = new List<string>();
        string? listKey = null;
        foreach (var rawLine in yaml.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            var listItem = YamlListItem().Match(line);
            if (listItem.Success && listKey is not null)
            {
                if (listKey is "tags" or "keywords" or "categories")
                {
                    tags.Add(Unquote(listItem.Groups[1].Value));
                }
                else if (listKey is "author" or "authors")
                {
                    values[listKey] = values.TryGetValue(listKey, out var existing) && existing.Length > 0
                        ? existing + ", " + Unquote(listItem.Groups[1].Value)
                        : Unquote(listItem.Groups[1].Value);
                }

                continue;
            }

            var pair = YamlPair().Match(line);
            if (!pair.Success || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var key = pair.Groups[1].Value.ToLowerInvariant();
            var value = pair.Groups[2].Value.Trim();
            listKey = key;
            if (key is "tags" or "keywords" or "categories")
            {
                tags.AddRange(value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).Where(t => t.Length > 0));
                continue;
            }

            values[key] = Unquote(value);
        }

        string? Get(params string[] keys) => keys.Select(k => values.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        var metadata = ArticleMetadata.Empty with
        {
            Byline = Get("author", "authors", "byline"),
            Published = ArticleText.ParseDate(Get("date", "published", "pubdate", "publishdate", "published_at")),
            SiteName = Get("site", "site_name", "source", "publication"),
            Url = Get("url", "link", "canonical", "canonical_url", "permalink", "source_url"),
            Language = Get("lang", "language", "locale"),
            Tags = tags.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        };
        return (Get("title", "headline"), metadata);
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
    }

    [GeneratedRegex(@"\A\uFEFF?---[ \t]*\n(.*?)\n(---|\.\.\.)[ \t]*(\n|\z)", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")]
    private static partial Regex YamlPair();

    [GeneratedRegex(@"^\s+-\s+(.+)$")]
    private static partial Regex YamlListItem();

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^\s{0,3}(=+|-+)\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s{0,3}((\*\s*){3,}|(-\s*){3,}|(_\s*){3,})$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*\S+")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^(\s*>\s?)+")]
    private static partial Regex BlockQuote();

    [GeneratedRegex(@"^\s*([-*+]|\d{1,9}[.)])\s+")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[([^\]]+)\]\[[^\]]*\]")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"<((https?|mailto):[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"(\*\*|__)(\S(.*?\S)?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(\*|\b_)(\S(.*?\S)?)(\*|_\b)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"~~(.+?)~~")]
    private static partial Regex Strike();

    [GeneratedRegex(@"`+([^`]+)`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex InlineTag();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!>])")]
    private static partial Regex Escape();
}
