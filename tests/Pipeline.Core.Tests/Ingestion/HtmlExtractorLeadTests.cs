using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class HtmlExtractorLeadTests
{
    private const string Lead =
        "Heat pumps are booming, partly because heating with fossil fuels has become expensive, but many households still cling to gas and oil.";

    private const string Body =
        "<p>Sales of heat pumps rose by 42 percent last year, the industry association said on Tuesday, the strongest growth it has recorded since it began keeping figures.</p>"
        + "<p>The association expects demand to keep climbing, although installers warn that a shortage of trained staff means that many customers wait months for an appointment.</p>"
        + "<p>Gas boilers still made up more than half of all new heating systems, and oil heating, though falling, was installed in tens of thousands of homes across the country.</p>"
        + "<p>Subsidies, which cover up to 70 percent of the cost for some households, were cut in the spring, and the association called on the government to restore them, citing lower emissions.</p>"
        + "<p>Electricity prices, which fell in the autumn, make running a heat pump cheaper than a year ago, according to a comparison by a consumer group, though the gap varies by region.</p>";

    /// <summary>A news page with its standfirst in a header block outside the article body, as many CMS templates do.</summary>
    private static string Page(string description, string header, string article) => $"""
        <html><head><title>Heat pump market grows by 42 percent</title>
        <meta property="og:description" content="{description}"></head>
        <body>
        <nav><a href="/">Home</a> <a href="/energy">Energy</a></nav>
        <div class="page-top"><header class="page-header"><h1>Heat pump market grows by 42 percent</h1>{header}</header></div>
        <main><div class="article-body">{article}</div><aside class="sidebar"><p><a href="/most-read">Most read this week</a></p></aside></main>
        <footer><p>Contact us · Imprint · Privacy</p></footer>
        </body></html>
        """;

    [Fact]
    public void Extract_StandfirstOutsideTheBodyMatchesTheDescription_ItOpensTheText()
    {
        var page = Page(Lead, $"<div class=\"intro\"><strong>{Lead[..21]}</strong>{Lead[21..]}</div>", Body);

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.Equal(Lead, paragraphs[0]);
        Assert.StartsWith("Sales of heat pumps", paragraphs[1], StringComparison.Ordinal);
        Assert.DoesNotContain(HtmlExtractor.Extract(page, BoilerplateRules.Shipped with { DescriptionLead = false })!.Paragraphs, p => p == Lead);
    }

    [Fact]
    public void Extract_DescriptionIsTheFirstParagraphOfTheBody_NotRepeated()
    {
        var page = Page(Lead, string.Empty, $"<p>{Lead}</p>" + Body);

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.Single(paragraphs, p => p.Contains("Heat pumps are booming", StringComparison.Ordinal));
        Assert.Equal(Lead, paragraphs[0]);
    }

    [Fact]
    public void Extract_DescriptionOnlyInTheHead_NothingAdded()
    {
        var page = Page(Lead, string.Empty, Body);

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.StartsWith("Sales of heat pumps", paragraphs[0], StringComparison.Ordinal);
        Assert.Equal(5, paragraphs.Count);
    }

    [Fact]
    public void Extract_ShortTagLineDescriptionOnTheHeader_NotTakenForALead()
    {
        const string tagLine = "Energy news from the heat pump industry";
        var page = Page(tagLine, $"<p>{tagLine}</p>", Body);

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.DoesNotContain(tagLine, paragraphs);
    }

    [Fact]
    public void Extract_BlockOpeningWithTheDescriptionButFarLonger_NotTakenForALead()
    {
        var teaser = $"<div class=\"teaser\"><span>{Lead}</span>{string.Concat(Enumerable.Repeat(" Another story about energy prices and the winter ahead, with more figures.", 8))}</div>";
        var page = Page(Lead, teaser, Body);

        var paragraphs = HtmlExtractor.Extract(page)!.Paragraphs;

        Assert.StartsWith("Sales of heat pumps", paragraphs[0], StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.Contains("Another story about energy", StringComparison.Ordinal));
    }
}
