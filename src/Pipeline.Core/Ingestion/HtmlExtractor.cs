using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Finds the main content of a web page the way a browser's reader view does (after Mozilla Readability):
/// clutter is stripped, blocks are scored by their text length and commas, scores flow to ancestors, class and id
/// names weigh in, link-heavy blocks are discounted, the best candidate and its like-scored siblings are kept,
/// and the result is cleaned of leftover widgets. The page is parsed once, and again for each retry (few pages need one).
/// </summary>
/// <remarks>
/// One file per phase in <c>Ingestion/Html/</c>: Prepare (the document), PrepareNodes (clutter out, blocks collected),
/// Score (candidates and the top one), Siblings, Clean (the chosen content), Retry (heuristics relaxed one at a time,
/// each pass an <c>ExtractionAttempt</c>), Boilerplate (block rules on the chosen content, see <see cref="BoilerplateRules"/>),
/// and Dom (text and tree helpers they share).
/// </remarks>
public sealed partial class HtmlExtractor
{
    // AngleSharp's maintainer advises one parser (and browsing context) per thread rather than sharing one across threads.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    /// <summary>
    /// This thread's HTML parser, with scripting off so that &lt;noscript&gt; content is parsed as markup. Its context
    /// has no attribute observer: AngleSharp's default one is told of every attribute the parser sets, to keep a browser's
    /// live state (class lists, base URLs, image sources) in step, which nothing here reads; without it a page parses
    /// about a tenth faster, into the same tree.
    /// </summary>
    internal static HtmlParser Parser => t_parser ??= new HtmlParser(
        new HtmlParserOptions { IsScripting = false },
        BrowsingContext.New(Configuration.Default.Without<IAttributeObserver>()));

    /// <summary>Extracts the main text and metadata of <paramref name="html"/>; null when the page has no readable text.</summary>
    public static HtmlExtraction? Extract(string html) => Extract(html, BoilerplateRules.Shipped);

    /// <summary>As <see cref="Extract(string)"/>, with the given boilerplate rules (to measure each rule on its own).</summary>
    internal static HtmlExtraction? Extract(string html, BoilerplateRules rules)
    {
        var document = Parser.ParseDocument(html);
        var metadataElements = MetadataElements.Of(document);
        var metadata = HtmlMetadataReader.Read(document, metadataElements, out var articleBody);
        var lead = rules.DescriptionLead ? FindLead(document, metadataElements) : null;
        var body = PrepareDocument(document);
        var article = body is null ? null : ExtractWithRetries(html, document, body, metadata.Title);
        var paragraphs = new List<string>();
        if (article is { } found)
        {
            RemoveBoilerplate(found.Content, rules);
            paragraphs = HtmlText.Blocks(found.Content);
            if (lead is not null)
            {
                AddLead(paragraphs, lead);
            }
        }

        if (rules.StructuredBody && StructuredBody.Replaces(paragraphs, articleBody) && StructuredBody.Paragraphs(articleBody!) is { Count: > 0 } structured)
        {
            paragraphs = structured;
        }

        return paragraphs.Count == 0
            ? null
            : new HtmlExtraction(paragraphs, metadata with { Byline = CleanByline(metadata.Byline) ?? CleanByline(article?.DomByline) });
    }

    /// <summary>"By Jane Doe - Apr 16, 2015 8:02 pm" becomes "Jane Doe": no lead-in word, no date or age after a separator.</summary>
    internal static string? CleanByline(string? byline)
    {
        if (byline is null)
        {
            return null;
        }

        var text = ArticleText.Collapse(byline);
        text = BylinePrefix().Replace(text, string.Empty);
        text = BylineTail().Replace(text, string.Empty);
        text = text.Trim().TrimEnd('—', '–', '-', '|', '·', ',', ':').Trim();
        return text.Length == 0 || !text.Any(char.IsLetter) || DateLike().IsMatch(text) ? null : text;
    }

    internal static double TextSimilarity(string a, string b)
    {
        var tokensA = WordSplit().Split(a.ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        var tokensB = WordSplit().Split(b.ToLowerInvariant()).Where(t => t.Length > 0).ToList();
        if (tokensA.Count == 0 || tokensB.Count == 0)
        {
            return 0;
        }

        var unique = string.Join(' ', tokensB.Where(t => !tokensA.Contains(t)));
        var distance = (double)unique.Length / string.Join(' ', tokensB).Length;
        return 1 - distance;
    }

    [GeneratedRegex(@"\W+")]
    private static partial Regex WordSplit();

    [GeneratedRegex(@"^(by|from|written by|posted by|words by)\b\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"(\s+[-–—|·]\s+.*\d.*|\s+\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex BylineTail();

    [GeneratedRegex(@"^\W*((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})", RegexOptions.IgnoreCase)]
    private static partial Regex DateLike();
}

/// <summary>What <see cref="HtmlExtractor"/> found on a page: the main text as blocks, and the page's metadata.</summary>
/// <param name="Paragraphs">Headings, paragraphs, list items, quotes and table rows of the main content, in reading order.</param>
/// <param name="Metadata">Title, byline, date, site, canonical URL and language.</param>
public sealed record HtmlExtraction(IReadOnlyList<string> Paragraphs, ArticleMetadata Metadata);
