using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class ArticleStoreTests(AzuriteFixture azurite)
{
    internal static ArticleDocument Article(string id, params string[] sources) => new()
    {
        Id = id,
        Sources = sources,
        Title = "Ferry fares frozen",
        Paragraphs = ["Ferry fares will not rise next year, the island council said.", "Über 200 Fahrgäste."],
        Format = ArticleFormat.Text,
        ContentHash = id + "0000",
        WordCount = 14,
        IngestedAt = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task SaveAsync_NewArticle_ReturnsTrueAndReadsBackTheSame()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var articles = stores.GetRequiredService<ArticleStore>();
        var article = Article("a1", "news/ferry.txt");

        Assert.True(await articles.SaveAsync(article));

        var stored = await articles.GetAsync("a1");
        Assert.NotNull(stored);
        Assert.Equal(article.Title, stored.Title);
        Assert.Equal(article.Paragraphs, stored.Paragraphs);
        Assert.Equal(["news/ferry.txt"], stored.Sources);
        Assert.Equal(article.IngestedAt, stored.IngestedAt);
    }

    [Fact]
    public async Task SaveAsync_SameArticleFromAnotherFile_MergesTheSourcesAndReturnsFalse()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var articles = stores.GetRequiredService<ArticleStore>();
        await articles.SaveAsync(Article("a1", "a/library.txt"));

        Assert.False(await articles.SaveAsync(Article("a1", "b/library-copy.txt")));
        Assert.False(await articles.SaveAsync(Article("a1", "a/library.txt")));

        Assert.Equal(["a/library.txt", "b/library-copy.txt"], (await articles.GetAsync("a1"))!.Sources);
    }

    [Fact]
    public async Task SaveAsync_ManyCopiesAtOnce_KeepsEverySource()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var articles = stores.GetRequiredService<ArticleStore>();
        var sources = Enumerable.Range(0, 8).Select(i => $"copy-{i}.txt").ToList();

        var isNew = await Task.WhenAll(sources.Select(s => articles.SaveAsync(Article("a1", s))));

        Assert.Single(isNew, n => n);
        Assert.Equal(sources, (await articles.GetAsync("a1"))!.Sources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetAsync_NoSuchArticle_ReturnsNull()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);

        Assert.Null(await stores.GetRequiredService<ArticleStore>().GetAsync("missing"));
    }

    [Fact]
    public async Task CountAsync_AfterSavingCopies_CountsEachArticleOnce()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var articles = stores.GetRequiredService<ArticleStore>();
        Assert.Equal(0, await articles.CountAsync());

        await articles.SaveAsync(Article("a1", "one.txt"));
        await articles.SaveAsync(Article("a1", "one-again.txt"));
        await articles.SaveAsync(Article("a2", "two.txt"));

        Assert.Equal(2, await articles.CountAsync());
    }
}
