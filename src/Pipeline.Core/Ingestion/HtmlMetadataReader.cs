using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads a page's article metadata from JSON-LD (schema.org Article types), Open Graph, Dublin Core, Twitter and
/// plain meta tags, the canonical link, <c>&lt;time datetime&gt;</c>, <c>&lt;html lang&gt;</c> and the title element.
/// </summary>
internal static partial class HtmlMetadataReader
{
    private static readonly ISelector JsonLdScript = MetadataElements.Selector("script[type='application/ld+json']");
    private static readonly ISelector CanonicalLink = MetadataElements.Selector("link[rel~='canonical']");
    private static readonly ISelector PublishedTime = MetadataElements.Selector("time[itemprop~='datePublished'][datetime], time[pubdate][datetime]");
    private static readonly ISelector ArticleTime = MetadataElements.Selector("article time[datetime]");
    private static readonly ISelector AnyTime = MetadataElements.Selector("time[datetime]");

    /// <summary>
    /// The metadata of <paramref name="document"/>, read from <paramref name="elements"/> (its elements that carry
    /// metadata); <paramref name="articleBody"/> gets the text the page's JSON-LD article gives as its <c>articleBody</c>.
    /// </summary>
    public static ArticleMetadata Read(IDocument document, MetadataElements elements, out string? articleBody)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tags = new List<string>();
        foreach (var meta in elements.Metas)
        {
            var content = meta.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            content = ArticleText.Collapse(content);
            if (meta.GetAttribute("property") is { } property)
            {
                foreach (var name in property.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var key = name.ToLowerInvariant();
                    if (key == "article:tag")
                    {
                        tags.Add(content);
                    }

                    values.TryAdd(key, content);
                }
            }

            if (meta.GetAttribute("name") is { } metaName)
            {
                var key = metaName.Trim().ToLowerInvariant().Replace('.', ':');
                values.TryAdd(key, content);
            }

            if (meta.GetAttribute("itemprop") is { } itemprop)
            {
                values.TryAdd("itemprop:" + itemprop.Trim().ToLowerInvariant(), content);
            }

            if (meta.GetAttribute("http-equiv") is { } equiv)
            {
                values.TryAdd("http-equiv:" + equiv.Trim().ToLowerInvariant(), content);
            }
        }

        var jsonLd = ReadJsonLd(elements);
        articleBody = jsonLd.Body;
        var siteName = jsonLd.SiteName ?? Value(values, "og:site_name", "application-name");
        var documentTitle = DocumentTitle(document, elements.Title);
        var title = jsonLd.Title ?? Value(values, "dc:title", "dcterm:title", "og:title", "twitter:title", "parsely-title", "title", "sailthru:title");
        title = title is null ? documentTitle : StripSiteName(title, siteName);

        if (tags.Count == 0 && Value(values, "keywords", "news_keywords") is { } keywords)
        {
            tags.AddRange(keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return new ArticleMetadata
        {
            Title = string.IsNullOrWhiteSpace(title) ? null : title,
            Byline = jsonLd.Byline ?? NotUrl(Value(values, "dc:creator", "dcterm:creator", "author", "parsely-author", "sailthru:author", "byl")),
            Published = ArticleText.ParseDate(jsonLd.Published)
                ?? ArticleText.ParseDate(Value(values, "article:published_time", "parsely-pub-date", "itemprop:datepublished", "date", "pubdate", "publishdate", "dc:date", "dcterm:created", "sailthru:date", "og:published_time"))
                ?? ArticleText.ParseDate(TimeElement(elements)),
            SiteName = siteName,
            Url = CanonicalUrl(elements) ?? Value(values, "og:url", "twitter:url") ?? jsonLd.Url,
            Language = document.DocumentElement?.GetAttribute("lang") is { Length: > 0 } lang
                ? lang.Trim()
                : Value(values, "http-equiv:content-language", "language", "og:locale")?.Replace('_', '-'),
            Tags = tags.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        };
    }

    private static string? Value(Dictionary<string, string> values, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var value) && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }

    private static string? NotUrl(string? value) =>
        value is null || value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? null : value;

    private static string? CanonicalUrl(MetadataElements elements) =>
        MetadataElements.First(elements.Links, CanonicalLink)?.GetAttribute("href") is { Length: > 0 } href ? href.Trim() : null;

    private static string? TimeElement(MetadataElements elements)
    {
        var time = MetadataElements.First(elements.Times, PublishedTime)
            ?? MetadataElements.First(elements.Times, ArticleTime)
            ?? MetadataElements.First(elements.Times, AnyTime);
        return time?.GetAttribute("datetime");
    }

    private static string? DocumentTitle(IDocument document, IElement? titleElement)
    {
        var original = titleElement is null ? string.Empty : ArticleText.Collapse(titleElement.TextContent);
        var title = original;
        var hierarchical = false;

        var separators = TitleSeparator().Matches(original);
        if (separators.Count > 0)
        {
            hierarchical = HierarchicalSeparator().IsMatch(original);
            title = original[..separators[^1].Index];
            if (WordCount(title) < 3)
            {
                title = LeadingSegment().Replace(original, string.Empty);
            }
        }
        else if (title.Contains(": ", StringComparison.Ordinal))
        {
            var trimmed = title.Trim();
            var matchesHeading = document.QuerySelectorAll("h1, h2").Any(h => h.TextContent.Trim() == trimmed);
            if (!matchesHeading)
            {
                title = original[(original.LastIndexOf(':') + 1)..];
                if (WordCount(title) < 3)
                {
                    title = original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..];
                }
                else if (WordCount(original[..original.IndexOf(':', StringComparison.Ordinal)]) > 5)
                {
                    title = original;
                }
            }
        }
        else if (title.Length is > 150 or < 15)
        {
            var headings = document.GetElementsByTagName("h1");
            if (headings.Length == 1)
            {
                title = ArticleText.Collapse(headings[0].TextContent);
            }
        }

        title = ArticleText.Collapse(title);
        var words = WordCount(title);
        if (words <= 4 && (!hierarchical || words != WordCount(SeparatorRun().Replace(original, string.Empty)) - 1))
        {
            title = original;
        }

        if (title.Length == 0 && document.QuerySelector("h1") is { } h1)
        {
            title = ArticleText.Collapse(h1.TextContent);
        }

        return title.Length == 0 ? null : title;
    }

    private static string StripSiteName(string title, string? siteName)
    {
        if (string.IsNullOrEmpty(siteName) || title.Length <= siteName.Length + 3)
        {
            return title;
        }

        foreach (var separator in new[] { " | ", " - ", " – ", " — ", " :: ", " » ", " · " })
        {
            if (title.EndsWith(separator + siteName, StringComparison.OrdinalIgnoreCase))
            {
                return title[..^(separator.Length + siteName.Length)].Trim();
            }

            if (title.StartsWith(siteName + separator, StringComparison.OrdinalIgnoreCase))
            {
                return title[(siteName.Length + separator.Length)..].Trim();
            }
        }

        return title;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private sealed record JsonLdArticle(string? Title, string? Byline, string? Published, string? SiteName, string? Url, string? Body);

    private static JsonLdArticle ReadJsonLd(MetadataElements elements)
    {
        foreach (var script in elements.Scripts)
        {
            if (!JsonLdScript.Match(script, scope: null))
            {
                continue;
            }

            var json = script.TextContent.Trim();
            if (json.StartsWith("<![CDATA[", StringComparison.Ordinal))
            {
                json = json[9..].TrimEnd(']', '>');
            }

            try
            {
                using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (FindArticle(parsed.RootElement) is { } article)
                {
                    return Describe(article, elements.Title);
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the meta tags still describe the page.
            }
        }

        return new JsonLdArticle(null, null, null, null, null, null);
    }

    private static JsonElement? FindArticle(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindArticle(item) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                if (element.TryGetProperty("@type", out var type) && IsArticleType(type))
                {
                    return element;
                }

                return element.TryGetProperty("@graph", out var graph) ? FindArticle(graph) : null;
            default:
                return null;
        }
    }

    private static bool IsArticleType(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => ArticleType().IsMatch(type.GetString() ?? string.Empty),
        JsonValueKind.Array => type.EnumerateArray().Any(IsArticleType),
        _ => false,
    };

    private static JsonLdArticle Describe(JsonElement article, IElement? titleElement)
    {
        var name = Text(article, "name");
        var headline = Text(article, "headline");
        var title = headline ?? name;
        if (name is not null && headline is not null && name != headline)
        {
            var documentTitle = titleElement?.TextContent ?? string.Empty;
            title = HtmlExtractor.TextSimilarity(name, documentTitle) > HtmlExtractor.TextSimilarity(headline, documentTitle) ? name : headline;
        }

        string? publisher = null;
        if (article.TryGetProperty("publisher", out var publisherElement))
        {
            publisher = publisherElement.ValueKind == JsonValueKind.Object ? Text(publisherElement, "name") : null;
        }

        var body = article.TryGetProperty("articleBody", out var bodyElement) && bodyElement.ValueKind == JsonValueKind.String ? bodyElement.GetString() : null;
        return new JsonLdArticle(title, Authors(article), Text(article, "datePublished") ?? Text(article, "dateCreated"), publisher, Text(article, "url"), body);
    }

    private static string? Authors(JsonElement article)
    {
        if (!article.TryGetProperty("author", out var author))
        {
            return null;
        }

        var names = author.ValueKind == JsonValueKind.Array
            ? author.EnumerateArray().Select(AuthorName).OfType<string>().ToList()
            : [AuthorName(author) ?? string.Empty];
        var list = names.Where(n => n.Length > 0).ToList();
        return list.Count == 0 ? null : string.Join(", ", list);
    }

    private static string? AuthorName(JsonElement author) => author.ValueKind switch
    {
        JsonValueKind.String => NotUrl(ArticleText.Collapse(author.GetString() ?? string.Empty)),
        JsonValueKind.Object => Text(author, "name"),
        _ => null,
    };

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { } text
            ? ArticleText.Collapse(System.Net.WebUtility.HtmlDecode(text)) is { Length: > 0 } collapsed ? collapsed : null
            : null;

    [GeneratedRegex(@" [\|\-–—\\/>»] ")]
    private static partial Regex TitleSeparator();

    [GeneratedRegex(@" [\\/>»] ")]
    private static partial Regex HierarchicalSeparator();

    [GeneratedRegex(@"^[^\|\-–—\\/>»]*[\|\-–—\\/>»]")]
    private static partial Regex LeadingSegment();

    [GeneratedRegex(@"[\|\-–—\\/>»]+")]
    private static partial Regex SeparatorRun();

    [GeneratedRegex("^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$")]
    private static partial Regex ArticleType();
}
