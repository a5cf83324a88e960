using System.Text;
using System.Text.Json;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class HtmlExtractorStructuredBodyTests
{
    private static readonly string[] Story =
    [
        "Sales of heat pumps rose by 42 percent last year, the industry association said on Tuesday, the strongest growth it has recorded since it began keeping figures.",
        "The association expects demand to keep climbing, although installers warn that a shortage of trained staff means that many customers wait months for an appointment.",
        "Gas boilers still made up more than half of all new heating systems, and oil heating, though falling, was installed in tens of thousands of homes across the country.",
    ];

    /// <summary>A page with the given markup in its body and, when <paramref name="articleBody"/> is given, a JSON-LD NewsArticle holding it.</summary>
    private static string Page(string bodyMarkup, string? articleBody)
    {
        var jsonLd = articleBody is null
            ? string.Empty
            : "<script type=\"application/ld+json\">" + JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "NewsArticle",
                ["headline"] = "Heat pump market grows by 42 percent",
                ["articleBody"] = articleBody,
            }) + "</script>";
        return $"<html><head><title>Heat pump market grows by 42 percent</title>{jsonLd}</head><body>{bodyMarkup}</body></html>";
    }

    private const string CaptionOnly =
        "<div id=\"app\"><figure><img src=\"pump.jpg\"><figcaption>An installer fits a heat pump outside a house in Leeds. Photo: PA</figcaption></figure></div>";

    private static string Markup(IEnumerable<string> paragraphs) =>
        "<main><article>" + string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</article></main>";

    [Fact]
    public void Extract_MarkupHoldsOnlyACaption_TheArticleBodyIsTheText()
    {
        var page = Page(CaptionOnly, string.Join("\n", Story));

        var extraction = HtmlExtractor.Extract(page)!;

        Assert.Equal(Story, extraction.Paragraphs);
        Assert.Equal("Heat pump market grows by 42 percent", extraction.Metadata.Title);
        Assert.DoesNotContain(Story[0], HtmlExtractor.Extract(page, BoilerplateRules.Shipped with { StructuredBody = false })?.Paragraphs ?? []);
    }

    [Fact]
    public void Parse_PageWithNoTextInItsMarkup_IsAnArticleFromItsStructuredData()
    {
        var page = Page("<div id=\"app\"></div><script>window.start()</script>", string.Join("\n\n", Story));

        var outcome = new ArticleParser().Parse(Encoding.UTF8.GetBytes(page), "app.html");

        Assert.False(outcome.IsRejected, outcome.Rejection?.Message);
        Assert.Equal(Story, Assert.Single(outcome.Articles).Paragraphs);
    }

    [Fact]
    public void Extract_ArticleBodyIsOnlyATeaser_TheMarkupsTextStays()
    {
        var page = Page(Markup(Story), "Sales of heat pumps rose by 42 percent last year.");

        Assert.Equal(Story, HtmlExtractor.Extract(page)!.Paragraphs);
    }

    [Fact]
    public void Extract_MarkupHoldsTheArticleAndTheArticleBodyTheSame_TheMarkupsTextStays()
    {
        // The markup keeps its paragraphs and its own wording even where the structured copy runs them together.
        var page = Page(Markup(Story), string.Join(" ", Story).Replace("42 percent", "42%", StringComparison.Ordinal));

        Assert.Equal(Story, HtmlExtractor.Extract(page)!.Paragraphs);
    }

    [Fact]
    public void Extract_MarkupHoldsMoreThanHalfTheArticleBody_TheMarkupsTextStays()
    {
        var page = Page(Markup(Story[..2]), string.Join("\n", Story));

        Assert.Equal(Story[..2], HtmlExtractor.Extract(page)!.Paragraphs);
    }

    [Fact]
    public void Extract_ArticleBodyWithMarkupAndEntities_ReadAsItsBlocks()
    {
        var page = Page(CaptionOnly, $"<p>{Story[0]}</p><p>{Story[1].Replace("although", "&amp; although", StringComparison.Ordinal)}</p>");

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.Equal([Story[0], Story[1].Replace("although", "& although", StringComparison.Ordinal)], paragraphs);
    }

    [Fact]
    public void Parse_ArticleBodyNestedTooDeep_IsNotReadAndThePageIsQuarantined()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 20_000)) + Story[0] + string.Concat(Enumerable.Repeat("</div>", 20_000));

        var outcome = new ArticleParser().Parse(Encoding.UTF8.GetBytes(Page(CaptionOnly, deep)), "deep.html");

        Assert.Equal(RejectionCodes.NoArticleText, outcome.Rejection?.Code);
    }
}
