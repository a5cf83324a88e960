using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class ArticleTextTests
{
    [Fact]
    public void ToArticle_DeclaredTitleAndHeading_DeclaredTitleWins()
    {
        var metadata = ArticleMetadata.Empty with { Title = "Declared" };

        var article = ArticleText.ToArticle(["Body text."], ArticleFormat.Markdown, metadata, "a.md", heading: "Heading")!;

        Assert.Equal("Declared", article.Title);
    }

    [Fact]
    public void ToArticle_NoTitleAnywhere_FirstSentenceOfCollapsedBody()
    {
        var article = ArticleText.ToArticle(["  ", "Rates  held\nsteady. More later."], ArticleFormat.Text, ArticleMetadata.Empty, "a.txt")!;

        Assert.Equal("Rates held steady.", article.Title);
        Assert.Equal(["Rates held steady. More later."], article.Paragraphs);
    }

    [Fact]
    public void ToArticle_OnlyBlankParagraphs_Null()
    {
        Assert.Null(ArticleText.ToArticle([" ", "\n\t"], ArticleFormat.Json, ArticleMetadata.Empty, "a.json", heading: "Heading"));
    }

    [Theory]
    [InlineData("2015-04-21T17:32:00+0200", "2015-04-21T17:32:00+02:00")]
    [InlineData("Tue, 21 Apr 2015 15:32:00 GMT", "2015-04-21T15:32:00+00:00")]
    [InlineData("21 April 2015", "2015-04-21T00:00:00+00:00")]
    public void ParseDate_FormsFilesUse_Parsed(string value, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArticleText.ParseDate(value));
    }

    [Fact]
    public void LiftBylineAndDate_BylineAlreadyKnown_LineStaysInBody()
    {
        List<string> paragraphs = ["By Ana Ruiz", "The body."];

        var metadata = ArticleText.LiftBylineAndDate(paragraphs, ArticleMetadata.Empty with { Byline = "Front Matter" });

        Assert.Equal("Front Matter", metadata.Byline);
        Assert.Equal(["By Ana Ruiz", "The body."], paragraphs);
    }
}
