using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class HtmlExtractorTests
{
    private static readonly string Story = string.Join('\n', new[]
    {
        "<p>The regional transit authority approved a budget on Thursday that expands late-night bus service, adds two express routes, and freezes fares for a second year.</p>",
        "<p>Officials said the plan, which passed 9 to 2, relies on a one-time state grant, and warned that the deficit could return in 2027 unless ridership keeps climbing.</p>",
        "<h2>Riders react</h2>",
        "<p>Commuters at the central station, many of whom work night shifts, welcomed the change, though some asked why weekend service was not included.</p>",
        "<ul><li>Route 12 runs until 2 a.m.</li><li>Route 40X starts in September</li></ul>",
        "<blockquote><p>It is the first time in a decade that service grows without a fare increase, the chair said.</p></blockquote>",
        "<table><tr><th>Route</th><th>Start</th></tr><tr><td>12</td><td>June</td></tr></table>",
    });

    private static string Page(string head, string article) => $$"""
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>{{head}}<style>.x{color:red}</style><script>var tracking = "Subscribe now";</script></head>
        <body>
          <header class="masthead"><a href="/">Metro Daily</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
          <div class="layout">
            <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens third restaurant downtown</a></li><li><a href="/b">Ten things to do this weekend in the city</a></li></ul></aside>
            <main><article class="post-content">
              <h1>Transit budget expands night buses</h1>
              <p class="byline">By Jordan Lee</p>
              {{article}}
              <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
              <div style="display:none"><p>Hidden survey text that a reader never sees on the page at all.</p></div>
              <div aria-hidden="true"><p>Screen-reader hidden promotional paragraph that should not be read.</p></div>
            </article></main>
            <div id="comments" class="comment-list"><p>Great article, totally agree with everything, thanks for writing it!</p></div>
          </div>
          <footer class="site-footer"><p>© 2025 Metro Daily. All rights reserved. Contact us about advertising, licensing and syndication.</p></footer>
        </body>
        </html>
        """;

    private static HtmlExtraction Extract(string head = "<title>Transit budget expands night buses | Metro Daily</title>") =>
        HtmlExtractor.Extract(Page(head, Story))!;

    [Fact]
    public void Extract_NewsPage_KeepsArticleBlocksInOrder()
    {
        var extraction = Extract();

        Assert.Equal("The regional transit authority approved a budget on Thursday that expands late-night bus service, adds two express routes, and freezes fares for a second year.", extraction.Paragraphs[0]);
        Assert.Contains("Riders react", extraction.Paragraphs);
        Assert.Contains("Route 12 runs until 2 a.m.", extraction.Paragraphs);
        Assert.Contains("It is the first time in a decade that service grows without a fare increase, the chair said.", extraction.Paragraphs);
        Assert.Contains("12 | June", extraction.Paragraphs);
    }

    [Fact]
    public void Extract_NewsPage_DropsNavigationSidebarCommentsFooterShareAndHiddenText()
    {
        var text = string.Join('\n', Extract().Paragraphs);

        Assert.DoesNotContain("Weather", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Celebrity chef", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Great article", text, StringComparison.Ordinal);
        Assert.DoesNotContain("All rights reserved", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share on Facebook", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden survey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Screen-reader hidden", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscribe now", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color:red", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HeadingRepeatingTitleAndBylineBlock_NotInBody()
    {
        var extraction = Extract();

        Assert.DoesNotContain("Transit budget expands night buses", extraction.Paragraphs);
        Assert.DoesNotContain(extraction.Paragraphs, p => p.Contains("Jordan Lee", StringComparison.Ordinal));
        Assert.Equal("Jordan Lee", extraction.Metadata.Byline);
    }

    [Fact]
    public void Extract_TitleElementWithSiteSuffix_SuffixStripped()
    {
        Assert.Equal("Transit budget expands night buses", Extract().Metadata.Title);
    }

    [Fact]
    public void Extract_OpenGraphAndMetaTags_FillMetadata()
    {
        var head = """
            <title>Ignored title | Metro Daily</title>
            <meta property="og:title" content="Night buses win funding">
            <meta property="og:site_name" content="Metro Daily">
            <meta name="author" content="Sam Okafor">
            <meta property="article:published_time" content="2025-05-01T08:15:00+01:00">
            <meta property="article:tag" content="transport">
            <link rel="canonical" href="https://metro.example/transit-budget">
            """;

        var metadata = Extract(head).Metadata;

        Assert.Equal("Night buses win funding", metadata.Title);
        Assert.Equal("Metro Daily", metadata.SiteName);
        Assert.Equal("Sam Okafor", metadata.Byline);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 8, 15, 0, TimeSpan.FromHours(1)), metadata.Published);
        Assert.Equal("https://metro.example/transit-budget", metadata.Url);
        Assert.Equal("en-GB", metadata.Language);
        Assert.Equal(["transport"], metadata.Tags);
    }

    [Fact]
    public void Extract_JsonLdNewsArticle_PreferredForTitleAuthorsDateAndPublisher()
    {
        var head = """
            <title>Something else entirely - Metro</title>
            <meta property="og:title" content="OG title loses">
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Metro"},
             {"@type":"NewsArticle","headline":"Night buses win funding","datePublished":"2025-05-01T07:00:00Z",
              "author":[{"@type":"Person","name":"Sam Okafor"},{"@type":"Person","name":"Priya Das"}],
              "publisher":{"@type":"Organization","name":"Metro Daily"}}]}
            </script>
            """;

        var metadata = Extract(head).Metadata;

        Assert.Equal("Night buses win funding", metadata.Title);
        Assert.Equal("Sam Okafor, Priya Das", metadata.Byline);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 7, 0, 0, TimeSpan.Zero), metadata.Published);
        Assert.Equal("Metro Daily", metadata.SiteName);
    }

    [Fact]
    public void Extract_TimeElementOnly_GivesPublishedDate()
    {
        var html = Page("<title>Transit budget expands night buses</title>", "<time datetime=\"2024-11-20\">20 November</time>" + Story);

        Assert.Equal(new DateTimeOffset(2024, 11, 20, 0, 0, 0, TimeSpan.Zero), HtmlExtractor.Extract(html)!.Metadata.Published);
    }

    [Fact]
    public void Extract_TimeElementsAroundThePage_PublishedIsTheArticlesOwnOverAnEarlierOne()
    {
        var page = Page("<title>Transit budget expands night buses</title>", "<time datetime=\"2024-11-20\">20 November</time>" + Story)
            .Replace("<h3>Most read</h3>", "<h3>Most read</h3><time datetime=\"2019-03-02\">Updated</time>", StringComparison.Ordinal);
        var withPubdate = page.Replace("<footer class=\"site-footer\">", "<footer class=\"site-footer\"><time pubdate datetime=\"2024-11-19\">19 Nov</time>", StringComparison.Ordinal);

        Assert.Equal(new DateTimeOffset(2024, 11, 20, 0, 0, 0, TimeSpan.Zero), HtmlExtractor.Extract(page)!.Metadata.Published);
        Assert.Equal(new DateTimeOffset(2024, 11, 19, 0, 0, 0, TimeSpan.Zero), HtmlExtractor.Extract(withPubdate)!.Metadata.Published);
    }

    [Fact]
    public void Extract_ScriptTypeAndLinkRelInCapitals_StillRead()
    {
        // HTML compares a script's type and a link's rel without case, as browsers and CSS selectors do.
        var head = """
            <title>Transit budget expands night buses</title>
            <link rel="Canonical" href="https://metro.example/transit-budget">
            <script type="Application/LD+JSON">{"@type":"NewsArticle","author":{"@type":"Person","name":"Sam Okafor"}}</script>
            """;

        var metadata = Extract(head).Metadata;

        Assert.Equal("https://metro.example/transit-budget", metadata.Url);
        Assert.Equal("Sam Okafor", metadata.Byline);
    }

    [Fact]
    public void Extract_DoubleBrSeparatedText_SplitIntoParagraphs()
    {
        var lines = Enumerable.Range(1, 6).Select(i => $"Paragraph {i} of a forum post written with line breaks, which old blog engines still produce, and it goes on.");
        var html = "<html><body><div id=\"post\">" + string.Join("<br><br>", lines) + "</div></body></html>";

        var extraction = HtmlExtractor.Extract(html)!;

        Assert.Equal(lines, extraction.Paragraphs);
    }

    [Fact]
    public void Extract_ArticleInsideABlockNamedLikeClutter_FoundByTheRetryThatKeepsUnlikelyBlocks()
    {
        // The first attempt drops the "sidebar-story" block as unlikely and finds too little text, so the extractor tries
        // again on the page as it was, without that heuristic.
        var html = "<html><body><div class=\"sidebar-story\">" + Story + "</div><p>Short footer line.</p></body></html>";

        var extraction = HtmlExtractor.Extract(html)!;

        Assert.Equal("The regional transit authority approved a budget on Thursday that expands late-night bus service, adds two express routes, and freezes fares for a second year.", extraction.Paragraphs[0]);
        Assert.Contains("Commuters at the central station, many of whom work night shifts, welcomed the change, though some asked why weekend service was not included.", extraction.Paragraphs);
    }

    [Fact]
    public void LinkDensities_NestedBlocksAskedForInAnyOrder_EqualEachBlockMeasuredAlone()
    {
        // Whitespace at every edge (between inline elements, only-whitespace nodes, none at all), in-page and ordinary
        // links, links inside links' parents: the shared walk must count the same collapsed length and link length.
        var html = """
            <html><body><div id="outer">  <div id="a"><p>Lead <a href="/x">link</a>text<span> spaced </span><span>joined</span></p>
            <p><a href="#notes">anchor</a>   <a href="/y"> <b>bold</b>link </a></p></div>
            <section id="b"><div><div>  </div><ul><li><a href="/z">one</a></li><li>two,<em>three</em> </li></ul></div>
            <p>Plain words, with commas, and no links at all here.</p></section>
            <div id="c"><span></span><a href="#">x</a><a>y</a><p>word<span><i> </i>next</span></p></div></div></body></html>
            """;
        var elements = HtmlExtractor.Parser.ParseDocument(html).Body!.QuerySelectorAll("*").ToList();

        foreach (var order in new[] { elements, Enumerable.Reverse(elements).ToList() })
        {
            var densities = HtmlExtractor.LinkDensities(order);

            Assert.All(elements, element => Assert.Equal(HtmlExtractor.LinkDensity(element), densities[element]));
        }
    }

    [Fact]
    public void Parse_HtmlThroughArticleParser_CarriesMetadataIntoArticle()
    {
        var bytes = Encoding.UTF8.GetBytes(Page("<title>Transit budget expands night buses | Metro Daily</title><meta property=\"og:site_name\" content=\"Metro Daily\">", Story));

        var article = Assert.Single(new ArticleParser().Parse(bytes, "transit.html").Articles);

        Assert.Equal(ArticleFormat.Html, article.Format);
        Assert.Equal("Transit budget expands night buses", article.Title);
        Assert.Equal("Metro Daily", article.Metadata.SiteName);
        Assert.Equal("en-GB", article.Metadata.Language);
    }

    [Fact]
    public void Extract_PathologicallyDeepNesting_KeepsTheTextWithinSeconds()
    {
        const int depth = 3000;
        var sentence = string.Concat(Enumerable.Repeat("Flood defences held overnight, officials said. ", 20));
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "<p>" + sentence + "</p>" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var extraction = HtmlExtractor.Extract(html)!;

        Assert.Equal(sentence.Trim(), Assert.Single(extraction.Paragraphs));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("By Jane Doe", "Jane Doe")]
    [InlineData("Dan Goodin - Apr 16, 2015 8:02 pm UTC", "Dan Goodin")]
    [InlineData("Alex Perry 1 day ago", "Alex Perry")]
    [InlineData("  Written by:  Rob   Ewaschuk ", "Rob Ewaschuk")]
    [InlineData("Nicolas Perriault —", "Nicolas Perriault")]
    [InlineData("Sunday, Feb 1, 2015 11:57 AM UTC", null)]
    public void CleanByline_PageBylineText_NameOnly(string raw, string? expected)
    {
        Assert.Equal(expected, HtmlExtractor.CleanByline(raw));
    }

    [Fact]
    public void Extract_ChineseHeadingRepeatingTitle_NotInBody()
    {
        var paragraph = string.Concat(Enumerable.Repeat("谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识的计算机，研究人员表示这是重要的一步。", 6));
        var html = "<html><head><title>人工智能迈上新台阶_科技_新闻网</title></head><body><div id=\"content\"><h1>人工智能迈上新台阶</h1><p>" + paragraph + "</p><p>" + paragraph + "</p></div></body></html>";

        var extraction = HtmlExtractor.Extract(html)!;

        Assert.DoesNotContain("人工智能迈上新台阶", extraction.Paragraphs);
        Assert.Equal([paragraph, paragraph], extraction.Paragraphs);
    }

    [Fact]
    public void Extract_BylineBlockWithItempropName_BylineIsTheName()
    {
        var html = Page("<title>Transit budget expands night buses</title>", "<div class=\"author-box\">Posted <time>3 hours ago</time> by <span itemprop=\"name\">Maria Costa</span></div>" + Story)
            .Replace("<p class=\"byline\">By Jordan Lee</p>", string.Empty, StringComparison.Ordinal);

        var extraction = HtmlExtractor.Extract(html)!;

        Assert.Equal("Maria Costa", extraction.Metadata.Byline);
        Assert.DoesNotContain(extraction.Paragraphs, p => p.Contains("Maria Costa", StringComparison.Ordinal));
    }
}
