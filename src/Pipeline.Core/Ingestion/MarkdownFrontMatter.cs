using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads a Markdown file's YAML front matter into <see cref="ArticleMetadata"/>. Keys are case-insensitive and the first
/// non-empty one of each group counts: title/headline, author/authors/byline (a list is joined, an object gives its
/// name), date/published/pubdate/publishdate/published_at, site/site_name/source/publication,
/// url/link/canonical/canonical_url/permalink/source_url, lang/language/locale; tags, keywords and categories are merged.
/// </summary>
/// <remarks>
/// Front matter that is not valid YAML (most often a title with an unquoted colon) is read line by line instead, so its
/// plain <c>key: value</c> lines and <c>- item</c> lists still count: a file is never lost over its front matter.
/// </remarks>
internal static partial class MarkdownFrontMatter
{
    private static readonly string[] TitleKeys = ["title", "headline"];
    private static readonly string[] AuthorKeys = ["author", "authors", "byline"];
    private static readonly string[] DateKeys = ["date", "published", "pubdate", "publishdate", "published_at"];
    private static readonly string[] SiteKeys = ["site", "site_name", "source", "publication"];
    private static readonly string[] UrlKeys = ["url", "link", "canonical", "canonical_url", "permalink", "source_url"];
    private static readonly string[] LanguageKeys = ["lang", "language", "locale"];
    private static readonly string[] TagKeys = ["tags", "keywords", "categories"];

    /// <summary>The metadata in <paramref name="yaml"/>, the text between the front matter's fences.</summary>
    public static ArticleMetadata Read(string yaml)
    {
        var fields = Fields(yaml);
        string? First(string[] keys) => keys.Select(k => Text(fields.GetValueOrDefault(k))).FirstOrDefault(v => v.Length > 0);

        return new ArticleMetadata
        {
            Title = First(TitleKeys),
            Byline = First(AuthorKeys),
            Published = ArticleText.ParseDate(First(DateKeys)),
            SiteName = First(SiteKeys),
            Url = First(UrlKeys),
            Language = First(LanguageKeys),
            Tags = TagKeys.SelectMany(k => Items(fields.GetValueOrDefault(k))).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        };
    }

    /// <summary>The top-level keys of the front matter; a key given twice keeps its last value.</summary>
    // YamlDotNet's scanner throws InvalidOperationException on some broken flow sequences (found by ParserFuzzTests).
    private static Dictionary<string, YamlNode> Fields(string yaml)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                foreach (var (key, value) in root.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        fields[name.Trim()] = value;
                    }
                }
            }

            return fields;
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return Lenient(yaml);
        }
    }

    private static Dictionary<string, YamlNode> Lenient(string yaml)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        YamlSequenceNode? list = null;
        foreach (var line in yaml.Split('\n'))
        {
            if (list is not null && ListItem().Match(line) is { Success: true } item)
            {
                list.Add(new YamlScalarNode(Unquote(item.Groups[1].Value)));
            }
            else if (Pair().Match(line.TrimEnd()) is { Success: true } pair)
            {
                var value = pair.Groups[2].Value.Trim();
                list = value.Length == 0 ? new YamlSequenceNode() : null;
                fields[pair.Groups[1].Value] = list ?? (YamlNode)new YamlScalarNode(Unquote(value));
            }
        }

        return fields;
    }

    /// <summary>A value as one line of text: a list is joined with commas, an object gives its name; empty when absent or null.</summary>
    private static string Text(YamlNode? node) => Text(node, 0);

    // An alias can make a list contain itself: a front matter field is never nested deeper than this.
    private static string Text(YamlNode? node, int depth) => node switch
    {
        _ when depth > 4 => string.Empty,
        YamlScalarNode scalar when !IsNull(scalar) => ArticleText.Collapse(scalar.Value!),
        YamlSequenceNode sequence => string.Join(", ", sequence.Select(n => Text(n, depth + 1)).Where(t => t.Length > 0)),
        YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode("name"), out var name) => Text(name, depth + 1),
        _ => string.Empty,
    };

    /// <summary>A list's items, or a comma-separated string's parts (as <c>tags: a, b</c> or a leniently read <c>[a, b]</c>).</summary>
    private static IEnumerable<string> Items(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Select(n => Text(n, 1)).Where(t => t.Length > 0),
        YamlScalarNode scalar => Text(scalar).Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).Where(t => t.Length > 0),
        _ => [],
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
    }

    [GeneratedRegex(@"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")]
    private static partial Regex Pair();

    [GeneratedRegex(@"^\s+-\s+(.+)$")]
    private static partial Regex ListItem();
}
