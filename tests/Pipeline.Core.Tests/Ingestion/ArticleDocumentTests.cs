using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class ArticleDocumentTests
{
    private static ParsedArticle Article(string title, params string[] paragraphs) => new(title, paragraphs, ArticleFormat.Text, ArticleMetadata.Empty);

    [Fact]
    public void From_SameTextWithOtherSpacingCaseAndQuotes_SameId()
    {
        var plain = Article("Title", "The \"council\" voted - finally.", "Work starts in May.");
        var typographic = Article("Another title", "The  “Council”   voted – finally.", "Work   starts in May.");

        Assert.Equal(ArticleDocument.From(plain, "a.txt", default).Id, ArticleDocument.From(typographic, "b.html", default).Id);
    }

    [Fact]
    public void From_DifferentText_DifferentId() =>
        Assert.NotEqual(
            ArticleDocument.From(Article("T", "Work starts in May."), "a", default).Id,
            ArticleDocument.From(Article("T", "Work starts in June."), "a", default).Id);

    [Fact]
    public void From_Article_CountsWordsAndRecordsTheSource()
    {
        var document = ArticleDocument.From(Article("T", "One two three.", "Four five."), "news/x.txt", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        Assert.Equal(5, document.WordCount);
        Assert.Equal(["news/x.txt"], document.Sources);
        Assert.Equal(16, document.Id.Length);
        Assert.StartsWith(document.Id, document.ContentHash, StringComparison.Ordinal);
    }
}
