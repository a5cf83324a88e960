using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class SummaryStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static SummaryDocument Summary(string articleId, DateTimeOffset createdAt, string method = SummaryMethods.Extractive) => SummaryDocument.From(
        articleId,
        "Ferry fares frozen",
        new SummaryDraft(["Ferry fares will not rise next year."], [new Keyword("ferry fares", 0.9)], method),
        createdAt);

    [Fact]
    public async Task TryCreateAsync_SecondSummaryOfTheSameArticle_ReturnsFalseAndKeepsTheFirst()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();

        Assert.True(await summaries.TryCreateAsync(Summary("a1", Noon)));
        Assert.False(await summaries.TryCreateAsync(Summary("a1", Noon.AddMinutes(1), SummaryMethods.Llm)));

        var stored = await summaries.GetAsync("a1");
        Assert.Equal(SummaryMethods.Extractive, stored!.Method);
        Assert.Equal(Noon, stored.CreatedAt);
        Assert.Equal("ferry fares", Assert.Single(stored.Keywords).Phrase);
    }

    [Fact]
    public async Task ExistsAsync_BeforeAndAfterCreate_SaysWhetherThereIsASummary()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();

        Assert.False(await summaries.ExistsAsync("a1"));
        Assert.Null(await summaries.GetAsync("a1"));
        await summaries.TryCreateAsync(Summary("a1", Noon));

        Assert.True(await summaries.ExistsAsync("a1"));
    }

    [Fact]
    public async Task ListIdsAsync_SeveralSummaries_ReturnsEveryArticleId()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();
        foreach (var id in new[] { "b2", "a1", "c3" })
        {
            await summaries.TryCreateAsync(Summary(id, Noon));
        }

        Assert.Equal(["a1", "b2", "c3"], (await summaries.ListIdsAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListSinceAsync_IndexedSummaries_ReturnsOnlyLaterOnesOldestFirst()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();
        await summaries.IndexAsync(Summary("late", Noon.AddHours(2)));
        await summaries.IndexAsync(Summary("early", Noon.AddHours(-1)));
        await summaries.IndexAsync(Summary("middle", Noon.AddHours(1)));

        Assert.Equal(["middle", "late"], await summaries.ListSinceAsync(Noon));
        Assert.Equal(["early", "middle", "late"], await summaries.ListSinceAsync(DateTimeOffset.MinValue));
        Assert.Empty(await summaries.ListSinceAsync(Noon.AddHours(3)));
    }

    [Fact]
    public async Task IndexAsync_SameSummaryTwice_IsListedOnce()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();
        var summary = Summary("a1", Noon);

        await summaries.IndexAsync(summary);
        await summaries.IndexAsync(summary);

        Assert.Equal(["a1"], await summaries.ListSinceAsync(Noon.AddTicks(-1)));
    }
}
