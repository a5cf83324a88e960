using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class IngestionLedgerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetAsync_RecordedVersion_ReturnsTheOutcomeByItsUnquotedETag()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<IngestionLedger>();
        // The record keeps the ETag as the SDK prints it, quoted; lookups use the version without quotes.
        await ledger.RecordAsync(new IngestionRecord("news/a b#1?.txt", "\"0x8DC1\"", ["a1", "a2"], null, At));

        var record = await ledger.GetAsync("news/a b#1?.txt", "0x8DC1");

        Assert.NotNull(record);
        Assert.Equal(["a1", "a2"], record.ArticleIds);
        Assert.Equal("\"0x8DC1\"", record.ETag);
        Assert.False(record.Quarantined);
        Assert.Equal(At, record.At);
        Assert.Equal(["a1", "a2"], (await ledger.GetAsync("news/a b#1?.txt", "\"0x8DC1\""))!.ArticleIds);
    }

    [Fact]
    public async Task GetAsync_AnotherVersionOfTheSameFile_ReturnsNull()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<IngestionLedger>();
        await ledger.RecordAsync(new IngestionRecord("a.txt", "\"0x1\"", ["a1"], null, At));

        Assert.Null(await ledger.GetAsync("a.txt", "0x2"));
        Assert.Null(await ledger.GetAsync("b.txt", "0x1"));
    }

    [Fact]
    public async Task RecordAsync_SameVersionAgain_ReplacesTheOutcome()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<IngestionLedger>();
        await ledger.RecordAsync(new IngestionRecord("a.txt", "\"0x1\"", ["a1"], null, At));

        await ledger.RecordAsync(new IngestionRecord("a.txt", "\"0x1\"", [], RejectionCodes.Empty, At.AddMinutes(1)));

        var record = await ledger.GetAsync("a.txt", "0x1");
        Assert.True(record!.Quarantined);
        Assert.Empty(record.ArticleIds);
        Assert.Single(await ledger.ListAsync());
    }

    [Fact]
    public async Task ListAsync_SeveralFilesAndVersions_KeyedByNameAndVersion()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<IngestionLedger>();
        await ledger.RecordAsync(new IngestionRecord("a.txt", "\"0x1\"", ["a1"], null, At));
        await ledger.RecordAsync(new IngestionRecord("a.txt", "\"0x2\"", ["a2"], null, At));
        await ledger.RecordAsync(new IngestionRecord("b/c.txt", "\"0x1\"", [], RejectionCodes.Binary, At));

        var all = await ledger.ListAsync();

        Assert.Equal(3, all.Count);
        Assert.Equal(["a2"], all[("a.txt", "0x2")].ArticleIds);
        Assert.True(all[("b/c.txt", "0x1")].Quarantined);
    }
}
