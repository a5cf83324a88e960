using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class HtmlExtractorBoilerplateTests
{
    private const string Opening =
        "<p>The regional transit authority approved a budget on Thursday that expands late-night bus service, adds two express routes, and freezes fares for a second year.</p>";

    private const string Middle =
        "<p>Officials said the plan, which passed 9 to 2, relies on a one-time state grant, and warned that the deficit could return in 2027 unless ridership keeps climbing.</p>";

    private const string Closing =
        "<p>Commuters at the central station, many of whom work night shifts, welcomed the change, though some asked why weekend service was not included.</p>";

    private static string Page(string article) => $"""
        <html><head><title>Transit budget expands night buses</title></head>
        <body><div class="layout"><main><article class="post-content">{article}</article></main></div></body></html>
        """;

    private static IReadOnlyList<string> Shipped(string article) => HtmlExtractor.Extract(Page(article))!.Paragraphs;

    private static IReadOnlyList<string> With(string article, BoilerplateRules rules) => HtmlExtractor.Extract(Page(article), rules)!.Paragraphs;

    private static readonly BoilerplateRules EdgeLinks = BoilerplateRules.None with { EdgeLinks = true, ShortBlock = 80, EdgeLinkDensity = 0.3 };

    private static readonly BoilerplateRules CreditsAndCaptions = BoilerplateRules.None with { Credits = true, Captions = true };

    [Fact]
    public void Extract_EdgeLinksRule_TrailingRelatedLinksTrimmedButClosingProseKept()
    {
        var article = Opening + Middle + Closing
            + "<p><a href=\"/c\">Council votes on parking fees</a></p>"
            + "<p><a href=\"/d\">Bike lanes: what changes on Main Street</a></p>";

        var paragraphs = With(article, EdgeLinks);

        Assert.StartsWith("Commuters at the central station", paragraphs[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.Contains("Council votes", StringComparison.Ordinal));
        Assert.Contains("Council votes on parking fees", With(article, BoilerplateRules.None));
    }

    [Fact]
    public void Extract_EdgeLinksRule_ArticleParagraphWithOneLinkKept()
    {
        var linked = "<p>The chair said the <a href=\"/plan\">full plan</a> is online.</p>";

        var paragraphs = With(Opening + Middle + Closing + linked, EdgeLinks);

        Assert.Equal("The chair said the full plan is online.", paragraphs[^1]);
    }

    [Fact]
    public void Extract_EdgeLinksRule_LinkedSubheadingFirstKeptLikeAPlainOne()
    {
        var plain = With("<h2>Riders react</h2>" + Opening + Middle + Closing, EdgeLinks);
        var linked = With("<h2><a href=\"/riders\">Riders react</a></h2>" + Opening + Middle + Closing, EdgeLinks);

        Assert.Contains("Riders react", plain);
        Assert.Equal(plain, linked);
    }

    [Fact]
    public void Extract_ShippedRules_ReadAlsoTeaserInsideBodyRemoved()
    {
        var article = Opening + "<p>Lea también: <a href=\"/x\">Otro artículo sobre el presupuesto</a></p>" + Middle + Closing;

        var paragraphs = Shipped(article);

        Assert.DoesNotContain(paragraphs, p => p.Contains("Otro artículo", StringComparison.Ordinal));
        Assert.Equal(3, paragraphs.Count);
    }

    [Fact]
    public void Extract_ShippedRules_RelatedHeadingRemovedWithItsTeaserListAndProseAfterKept()
    {
        var article = Opening
            + "<h3>Auch interessant</h3><ul><li><a href=\"/a\">Neue Tarife ab Januar</a></li><li><a href=\"/b\">Baustelle am Hauptbahnhof</a></li></ul>"
            + Middle + Closing;

        var paragraphs = Shipped(article);

        Assert.DoesNotContain(paragraphs, p => p.Contains("Auch interessant", StringComparison.Ordinal) || p.Contains("Tarife", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.StartsWith("Officials said", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ShippedRules_ReadMoreInsideASentenceKept()
    {
        var sentence = "<p>Related services, such as the night line, will read more like a timetable than a promise.</p>";

        var paragraphs = Shipped(Opening + sentence + Middle + Closing);

        Assert.Contains("Related services, such as the night line, will read more like a timetable than a promise.", paragraphs);
    }

    [Fact]
    public void Extract_CreditAndCaptionRules_PhotoCreditAndCaptionRemoved()
    {
        var article = Opening
            + "<figure><img src=\"bus.jpg\"><figcaption>A night bus leaves the depot on Thursday.</figcaption></figure>"
            + "<p>Foto: dpa/Max Muster</p>" + Middle + "<p>© Getty Images</p>" + Closing;

        var paragraphs = With(article, CreditsAndCaptions);

        Assert.Equal(3, paragraphs.Count);
        Assert.DoesNotContain(paragraphs, p => p.Contains("depot", StringComparison.Ordinal) || p.Contains("Foto", StringComparison.Ordinal) || p.Contains("Getty", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_CreditRule_ProseAboutPhotosKept()
    {
        var prose = "<p>Photos of the new buses, taken by riders, were shown at the meeting.</p>";

        Assert.Contains("Photos of the new buses, taken by riders, were shown at the meeting.", With(Opening + prose + Middle + Closing, CreditsAndCaptions));
    }

    [Fact]
    public void Extract_SignUpPromptRule_RemovesNewsletterPrompt()
    {
        var article = Opening + Middle + "<p>Join our newsletter for the morning briefing.</p>" + Closing;

        Assert.DoesNotContain("Join our newsletter for the morning briefing.", With(article, BoilerplateRules.None with { SignUpPrompts = true }));
        Assert.Contains("Join our newsletter for the morning briefing.", With(article, BoilerplateRules.None));
    }

    [Fact]
    public void Extract_AdLabelRule_RemovesLabelOnly()
    {
        var article = Opening + "<div>- Anzeige -</div>" + Middle + Closing;

        var paragraphs = With(article, BoilerplateRules.None with { AdLabels = true });

        Assert.DoesNotContain("- Anzeige -", paragraphs);
        Assert.Equal(3, paragraphs.Count);
    }

    [Fact]
    public void Extract_ShoutedLabelRule_RemovesCapitalisedPromoButNotASubheading()
    {
        var article = Opening + "<h2>WHAT CHANGES</h2>" + Middle + Closing + "<p>JOIN NOW AND ENJOY EXCLUSIVE BENEFITS</p>";
        var rules = BoilerplateRules.None with { ShoutedLabels = true };

        var paragraphs = With(article, rules);

        Assert.Contains("WHAT CHANGES", paragraphs);
        Assert.DoesNotContain("JOIN NOW AND ENJOY EXCLUSIVE BENEFITS", paragraphs);
        Assert.Contains("JOIN NOW AND ENJOY EXCLUSIVE BENEFITS", With(article, BoilerplateRules.None));
    }

    [Fact]
    public void Extract_LinkRunRule_RemovesTeaserRunButNotOneLinkedLine()
    {
        var run = "<p><a href=\"/a\">Council votes on parking fees</a></p><p><a href=\"/b\">Bike lanes on Main Street</a></p>";
        var single = "<p><a href=\"/c\">Timetable for the night lines</a></p>";
        var rules = BoilerplateRules.None with { LinkRuns = true };

        var paragraphs = With(Opening + run + Middle + single + Closing, rules);

        Assert.DoesNotContain("Council votes on parking fees", paragraphs);
        Assert.Contains("Timetable for the night lines", paragraphs);
    }

    [Fact]
    public void Extract_TailCutRule_RemovesShortLinesAfterLastProse()
    {
        var article = Opening + Middle + Closing + "<p>Kontakt: Presse</p><p>Release Date: 2 May</p>";
        var rules = BoilerplateRules.None with { TailCut = true };

        var paragraphs = With(article, rules);

        Assert.StartsWith("Commuters at the central station", paragraphs[^1], StringComparison.Ordinal);
        Assert.Equal(3, paragraphs.Count);
    }

    [Fact]
    public void Extract_ShippedRules_NewsletterBoxAndTagListNamedByTheirClassRemoved()
    {
        var article = Opening + Middle + Closing
            + "<section class=\"newsletter-signup\"><h3>Morning briefing</h3><p>Get the day's transit news in your inbox.</p></section>"
            + "<ul class=\"article-tags\"><li>Transit</li><li>City budget</li></ul>";

        var paragraphs = Shipped(article);

        Assert.StartsWith("Commuters at the central station", paragraphs[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.Contains("Morning briefing", StringComparison.Ordinal) || p.Contains("City budget", StringComparison.Ordinal));
        var without = With(article, BoilerplateRules.Shipped with { ClassHints = false });
        Assert.Contains(without, p => p.Contains("Morning briefing", StringComparison.Ordinal));
        Assert.Contains(without, p => p.Contains("City budget", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_ClassHintRule_WrapperNamedLikeATemplatePartKeepsTheArticle()
    {
        // A wrapper that holds more than half the content is the article, whatever its class says.
        var article = "<div class=\"has-comments\">" + Opening + "<p>Night buses start in May.</p></div>" + Closing;

        Assert.Equal(3, Shipped(article).Count);
    }

    [Fact]
    public void Extract_ClassHintRule_LongRegionKept()
    {
        var sentence = "The authority also published a long technical appendix on the new express routes and their stops.";
        var notes = $"<div class=\"author-notes\"><p>{string.Join(' ', Enumerable.Repeat(sentence, 3))}</p><p>{sentence}</p></div>";

        var paragraphs = Shipped(Opening + Middle + Closing + Closing.Replace("Commuters", "Drivers", StringComparison.Ordinal) + notes);

        Assert.Equal(6, paragraphs.Count);
    }
}
