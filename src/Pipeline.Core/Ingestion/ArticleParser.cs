using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Turns the bytes of one dropped file into articles, or into a rejection with a stable reason code.
/// Parsing is pure CPU work over bytes already in memory: size limits are checked by the caller before reading.
/// </summary>
public sealed partial class ArticleParser(int maxArticlesPerFile = 1000)
{
    public ParseOutcome Parse(ReadOnlySpan<byte> content, string name)
    {
        if (content.IsEmpty)
        {
            return ParseOutcome.Rejected(RejectionCodes.Empty, "The file is empty (0 bytes).");
        }

        if (content.IndexOf((byte)0) >= 0)
        {
            return ParseOutcome.Rejected(RejectionCodes.Binary, "The file contains NUL bytes and is not text.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content.StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content);
        }
        catch (DecoderFallbackException)
        {
            return ParseOutcome.Rejected(RejectionCodes.Undecodable, "The file is not valid UTF-8 text.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseOutcome.Rejected(RejectionCodes.Empty, "The file holds only whitespace.");
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return ParseJson(text);
        }

        var article = trimmed.StartsWith('<') ? ParseHtml(text) : ParseText(text, name);
        return article is null
            ? ParseOutcome.Rejected(RejectionCodes.NoArticleText, "No article text was found in the file.")
            : ParseOutcome.Of([article]);
    }

    private ParseOutcome ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var items = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().ToList()
                : [document.RootElement];
            if (items.Count > maxArticlesPerFile)
            {
                return ParseOutcome.Rejected(RejectionCodes.TooManyArticles, $"The file holds {items.Count} articles; the limit is {maxArticlesPerFile}.");
            }

            var articles = new List<ParsedArticle>();
            foreach (var item in items.Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var body = Field(item, "body", "content", "text");
                if (string.IsNullOrWhiteSpace(body))
                {
                    continue;
                }

                var paragraphs = Paragraphs(body);
                var title = Field(item, "title", "headline") ?? FirstWords(paragraphs[0]);
                articles.Add(new ParsedArticle(title.Trim(), paragraphs, ArticleFormat.Json, ArticleMetadata.Empty with { Url = Field(item, "url", "link") }));
            }

            return articles.Count == 0
                ? ParseOutcome.Rejected(RejectionCodes.NoArticleText, "The JSON holds no object with a body, content or text field.")
                : ParseOutcome.Of(articles);
        }
        catch (JsonException ex)
        {
            return ParseOutcome.Rejected(RejectionCodes.MalformedJson, $"The JSON could not be read: {ex.Message}");
        }
    }

    private static string? Field(JsonElement item, params string[] names)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (names.Contains(property.Name, StringComparer.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static ParsedArticle? ParseHtml(string html)
    {
        var title = TitleTag().Match(html) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;
        var body = ScriptOrStyle().Replace(html, " ");
        var paragraphs = ParagraphTag().Matches(body)
            .Select(p => Normalise(System.Net.WebUtility.HtmlDecode(AnyTag().Replace(p.Groups[1].Value, " "))))
            .Where(p => p.Length > 0)
            .ToList();
        if (paragraphs.Count == 0)
        {
            return null;
        }

        return new ParsedArticle(string.IsNullOrEmpty(title) ? FirstWords(paragraphs[0]) : title, paragraphs, ArticleFormat.Html, ArticleMetadata.Empty);
    }

    private static ParsedArticle? ParseText(string text, string name)
    {
        var paragraphs = Paragraphs(text);
        if (paragraphs.Count == 0)
        {
            return null;
        }

        var isMarkdown = name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || paragraphs[0].StartsWith('#');
        var title = paragraphs[0].TrimStart('#', ' ');
        var body = paragraphs.Count > 1 ? paragraphs.Skip(1).ToList() : paragraphs;
        return new ParsedArticle(title, body, isMarkdown ? ArticleFormat.Markdown : ArticleFormat.Text, ArticleMetadata.Empty);
    }

    private static List<string> Paragraphs(string text) =>
        BlankLines().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(Normalise)
            .Where(p => p.Length > 0)
            .ToList();

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    private static string FirstWords(string paragraph) => string.Join(' ', paragraph.Split(' ').Take(12));

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleTag();

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<p[^>]*>(.*?)</p>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ParagraphTag();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();
}
