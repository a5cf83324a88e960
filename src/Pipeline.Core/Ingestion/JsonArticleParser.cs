using System.Text.Json;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads articles from JSON: one article object, an array of them (or an object wrapping one such array, as
/// feeds and exports do), or JSON Lines with an object per line. Common field names are understood: title/headline,
/// body/content/text/articleBody, url/link, published/date, author, tags, language, site. A body holding HTML is
/// flattened to paragraphs.
/// </summary>
public sealed class JsonArticleParser(int maxArticlesPerFile)
{
    private static readonly string[] TitleFields = ["title", "headline", "name"];
    private static readonly string[] BodyFields = ["body", "content", "text", "articleBody", "article", "fullText", "full_text", "story", "paragraphs"];
    private static readonly string[] UrlFields = ["url", "link", "canonical_url", "canonicalUrl", "permalink", "source_url", "webUrl"];
    private static readonly string[] DateFields = ["published", "date", "published_at", "publishedAt", "datePublished", "pubDate", "publish_date", "created_at", "createdAt", "time"];
    private static readonly string[] AuthorFields = ["author", "authors", "byline", "creator"];
    private static readonly string[] TagFields = ["tags", "keywords", "categories"];
    private static readonly string[] LanguageFields = ["language", "lang", "locale"];
    private static readonly string[] SiteFields = ["site", "siteName", "site_name", "source", "publisher", "publication"];
    private static readonly string[] ArrayFields = ["articles", "items", "data", "results", "entries", "posts", "stories", "documents"];

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Parses one JSON document holding an article or an array of articles.</summary>
    public ParseOutcome ParseJson(string text, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object when !HasAny(root, BodyFields) && WrappedArray(root) is { } wrapped => wrapped.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            {
                return ParseOutcome.Rejected(RejectionCodes.NoArticleText, $"The JSON is a single {root.ValueKind.ToString().ToLowerInvariant()}, not an article object or an array of them.");
            }

            return Build(items, name, "item");
        }
        catch (JsonException ex)
        {
            return ParseOutcome.Rejected(RejectionCodes.MalformedJson, $"The JSON could not be read (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>Parses JSON Lines: one article object per non-empty line.</summary>
    public ParseOutcome ParseJsonLines(string text, string name)
    {
        var lines = text.Split('\n');
        var count = lines.Count(l => !string.IsNullOrWhiteSpace(l));
        if (count > maxArticlesPerFile)
        {
            return TooMany(count);
        }

        var documents = new List<JsonDocument>(count);
        try
        {
            var lineNumber = 0;
            foreach (var line in lines)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    documents.Add(JsonDocument.Parse(line, Options));
                }
                catch (JsonException ex)
                {
                    return ParseOutcome.Rejected(RejectionCodes.MalformedJson, $"Line {lineNumber} of the JSON Lines file is not valid JSON: {FirstSentence(ex.Message)}");
                }
            }

            return Build(documents.Select(d => d.RootElement).ToList(), name, "line");
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private ParseOutcome Build(List<JsonElement> items, string name, string unit)
    {
        if (items.Count > maxArticlesPerFile)
        {
            return TooMany(items.Count);
        }

        var articles = new List<ParsedArticle>();
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.Object && Article(item, name) is { } article)
            {
                articles.Add(article);
            }
        }

        return articles.Count > 0
            ? ParseOutcome.Of(articles)
            : ParseOutcome.Rejected(RejectionCodes.NoArticleText, items.Count == 0
                ? "The JSON holds no articles (an empty array or object)."
                : $"No JSON {unit} has a non-empty body, content or text field ({items.Count} checked).");
    }

    /// <summary>
    /// JSON escapes can carry any control character (<c>\u0000</c>, <c>\u001b</c>): each becomes a space, as the
    /// decoder's check for NUL bytes does not see escaped ones (found by ParserFuzzTests, seed 0MiWbVKMnaD2).
    /// </summary>
    private static string NoControls(string text) =>
        text.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c))
            ? string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsControl(source[i]) && !char.IsWhiteSpace(source[i]) ? ' ' : source[i];
                }
            })
            : text;

    private ParseOutcome TooMany(int count) =>
        ParseOutcome.Rejected(RejectionCodes.TooManyArticles, $"The file holds {count} articles; the limit is {maxArticlesPerFile} per file. Split it into smaller files.");

    private static ParsedArticle? Article(JsonElement item, string name)
    {
        var body = Body(item) is { } b ? NoControls(b) : null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var title = String(item, TitleFields) is { } t ? ArticleText.Collapse(NoControls(t)) : null;
        var metadata = ArticleMetadata.Empty with
        {
            Title = string.IsNullOrEmpty(title) ? null : title,
            Url = String(item, UrlFields),
            Published = Date(item),
            Byline = Authors(item),
            Tags = Strings(item, TagFields),
            Language = String(item, LanguageFields),
            SiteName = String(item, SiteFields),
        };

        // A CMS export's body is often the article's HTML: it is the whole article, so it is flattened, not searched.
        // A body nested too deeply to parse as HTML in time is skipped like a body without text.
        if (body.Contains('<', StringComparison.Ordinal) && HtmlDepth.TooDeep(body) is not null)
        {
            return null;
        }

        return body.Contains('<', StringComparison.Ordinal) && body.Contains("</", StringComparison.Ordinal)
            ? ArticleText.ToArticle(HtmlText.FromFragment(body), ArticleFormat.Json, metadata, name)
            : PlainTextParser.Parse(body, name, ArticleFormat.Json, metadata);
    }

    /// <summary>The body as one string: a string field, or an array of paragraph strings (or of objects with a text field).</summary>
    private static string? Body(JsonElement item)
    {
        foreach (var field in BodyFields)
        {
            switch (Property(item, field))
            {
                case { ValueKind: JsonValueKind.String } value when value.GetString() is { Length: > 0 } text:
                    return text;
                case { ValueKind: JsonValueKind.Array } array:
                    var paragraphs = array.EnumerateArray()
                        .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : p.ValueKind == JsonValueKind.Object ? String(p, ["text", "content", "body"]) : null)
                        .Where(p => !string.IsNullOrWhiteSpace(p))
                        .ToList();
                    if (paragraphs.Count > 0)
                    {
                        return string.Join("\n\n", paragraphs);
                    }

                    break;
            }
        }

        return null;
    }

    private static bool HasAny(JsonElement item, string[] fields) => fields.Any(f => Property(item, f) is not null);

    private static JsonElement? WrappedArray(JsonElement root)
    {
        foreach (var field in ArrayFields)
        {
            if (Property(root, field) is { ValueKind: JsonValueKind.Array } array)
            {
                return array;
            }
        }

        return null;
    }

    private static JsonElement? Property(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? String(JsonElement item, string[] fields)
    {
        foreach (var field in fields)
        {
            switch (Property(item, field))
            {
                case { ValueKind: JsonValueKind.String } value when value.GetString() is { Length: > 0 } text:
                    return text;
                case { ValueKind: JsonValueKind.Object } value when Property(value, "name") is { ValueKind: JsonValueKind.String } nested:
                    return nested.GetString();
            }
        }

        return null;
    }

    private static string? Authors(JsonElement item)
    {
        foreach (var field in AuthorFields)
        {
            if (Property(item, field) is { ValueKind: JsonValueKind.Array } array)
            {
                var names = array.EnumerateArray()
                    .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : a.ValueKind == JsonValueKind.Object ? String(a, ["name"]) : null)
                    .OfType<string>()
                    .Where(n => n.Length > 0)
                    .ToList();
                if (names.Count > 0)
                {
                    return string.Join(", ", names);
                }
            }
        }

        return String(item, AuthorFields);
    }

    private static IReadOnlyList<string> Strings(JsonElement item, string[] fields)
    {
        foreach (var field in fields)
        {
            switch (Property(item, field))
            {
                case { ValueKind: JsonValueKind.Array } array:
                    return array.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!.Trim()).Where(t => t.Length > 0).ToList();
                case { ValueKind: JsonValueKind.String } value:
                    return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return [];
    }

    private static DateTimeOffset? Date(JsonElement item)
    {
        foreach (var field in DateFields)
        {
            switch (Property(item, field))
            {
                case { ValueKind: JsonValueKind.String } value when ArticleText.ParseDate(value.GetString()) is { } date:
                    return date;
                case { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var epoch):
                    // Seconds since 1970, or milliseconds when the number is too large to be seconds.
                    return epoch > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            }
        }

        return null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
