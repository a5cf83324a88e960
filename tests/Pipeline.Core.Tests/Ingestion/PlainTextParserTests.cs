using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class PlainTextParserTests
{
    private const string SeedFile = "seeds/000_67bdc76f17fffe89.txt";

    [SharedDataFact(SeedFile)]
    public void Parse_SeedArticleWithEmbeddedTweet_KeepsReportingAndDropsClutter()
    {
        var bytes = File.ReadAllBytes(SharedData.Find(SeedFile)!);
        var sourceLines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        var article = Assert.Single(new ArticleParser().Parse(bytes, "000_67bdc76f17fffe89.txt").Articles);
        var paragraphs = article.Paragraphs;

        // Every full paragraph of reporting survives verbatim, including the short ones.
        foreach (var line in sourceLines.Where(l => l.Length > 100 && !l.Contains("pic.twitter.com", StringComparison.Ordinal)))
        {
            Assert.Contains(line, paragraphs);
        }

        Assert.Contains(paragraphs, p => p.StartsWith("Following the prison tour, Noem is slated to meet with Bukele.", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.StartsWith("Finally, Noem will travel to Mexico on Friday", StringComparison.Ordinal));
        Assert.Equal(sourceLines[0], paragraphs[0]);

        // The embedded post: its link, its attribution line and the post text that repeats the quote are gone.
        Assert.DoesNotContain(paragraphs, p => p.Contains("pic.twitter.com", StringComparison.Ordinal));
        Assert.DoesNotContain(paragraphs, p => p.Contains("(@", StringComparison.Ordinal));
        Assert.Single(paragraphs, p => p.Contains("I toured the CECOT", StringComparison.Ordinal));

        // The shouted promo line for another story is gone.
        Assert.DoesNotContain(paragraphs, p => p.Contains("BORDER PATROL", StringComparison.Ordinal));

        // Three lines of post text, the attribution and the promo line are the only lines dropped.
        Assert.Equal(sourceLines.Count - 5, paragraphs.Count);
        Assert.StartsWith("Homeland Security Secretary Kristi Noem visited", article.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeadingThenHardWrappedParagraphs_TitleAndRejoinedParagraphs()
    {
        var text = "Library hours extended\n\nThe city library will stay open until 9 p.m. on\nweekdays from next month, the council said in\na statement on Monday.\n\n\n\nStaff will be added to cover the evenings.\n";

        var article = PlainTextParser.Parse(text, "library.txt")!;

        Assert.Equal("Library hours extended", article.Title);
        Assert.Equal(
            ["The city library will stay open until 9 p.m. on weekdays from next month, the council said in a statement on Monday.", "Staff will be added to cover the evenings."],
            article.Paragraphs);
    }

    [Fact]
    public void Parse_PromoAndReadMoreLines_Removed()
    {
        var text = "Ferry fares to rise\n\nFerry fares will rise 4% in April.\nREAD ALSO: SEVEN ISLANDS TO VISIT THIS SUMMER\nRead more: Why fuel costs keep climbing\nThe operator blamed fuel costs.";

        var article = PlainTextParser.Parse(text, "ferry.txt")!;

        Assert.Equal(["Ferry fares will rise 4% in April.", "The operator blamed fuel costs."], article.Paragraphs);
    }

    [Fact]
    public void Parse_NoHeadingLikeFirstLine_TitleIsFirstSentenceAndBodyKeepsIt()
    {
        var article = PlainTextParser.Parse("Prices rose 3% in May. Economists had expected 2.8%.\n\nFood led the rise.", "cpi.txt")!;

        Assert.Equal("Prices rose 3% in May.", article.Title);
        Assert.Equal("Prices rose 3% in May. Economists had expected 2.8%.", article.Paragraphs[0]);
    }

    [Fact]
    public void Parse_OnlyEmbedResidue_ReturnsNull()
    {
        Assert.Null(PlainTextParser.Parse("pic.twitter.com/abc123\n\n", "residue.txt"));
    }

    [Fact]
    public void Parse_InstagramEmbedResidue_Removed()
    {
        var text = "Singer announces tour\n\nThe singer announced a 20-city tour on Monday.\nView this post on Instagram\nA post shared by Some Singer (@some.singer) on Mar 3, 2025 at 5:00pm PST\nTickets go on sale Friday.";

        var article = PlainTextParser.Parse(text, "tour.txt")!;

        Assert.Equal(["The singer announced a 20-city tour on Monday.", "Tickets go on sale Friday."], article.Paragraphs);
    }

    [Fact]
    public void Parse_WireCopyAllInCapitals_KeptAsTheArticle()
    {
        var text = "STORM HITS COAST\n\nA STORM HIT THE COAST ON MONDAY, CUTTING POWER TO 20,000 HOMES.\nCREWS EXPECT TO RESTORE SUPPLY BY WEDNESDAY.\nSCHOOLS IN THREE DISTRICTS WILL STAY CLOSED.";

        var article = PlainTextParser.Parse(text, "wire.txt")!;

        Assert.Equal("STORM HITS COAST", article.Title);
        Assert.Equal(3, article.Paragraphs.Count);
    }

    [Fact]
    public void Parse_BylineAndDateLinesUnderTitle_BecomeMetadata()
    {
        var text = "Museum reopens after flood\nBy Helen O'Brien\n2025-06-14\n\nThe city museum reopened on Saturday after a year of repairs.";

        var article = PlainTextParser.Parse(text, "museum.txt")!;

        Assert.Equal("Museum reopens after flood", article.Title);
        Assert.Equal("Helen O'Brien", article.Metadata.Byline);
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 0, 0, 0, TimeSpan.Zero), article.Metadata.Published);
        Assert.Equal(["The city museum reopened on Saturday after a year of repairs."], article.Paragraphs);
    }

    [Fact]
    public void Parse_SentenceStartingWithBy_StaysInBody()
    {
        var text = "Tax change\n\nBy raising the threshold, the government expects 2 million people to pay less.";

        var article = PlainTextParser.Parse(text, "tax.txt")!;

        Assert.Null(article.Metadata.Byline);
        Assert.Single(article.Paragraphs);
    }
}
