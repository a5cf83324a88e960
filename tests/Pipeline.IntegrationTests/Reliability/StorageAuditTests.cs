using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Pipeline.IntegrationTests.Storage;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// <c>status --verify</c>'s audit on a real Azurite: each state it reports, and each kind of planted inconsistency.
/// Storage is written through the stores, as the pipeline writes it; the clock is moved instead of waiting.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StorageAuditTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static readonly Subscriber Alice = new(Subscriber.KeyOf("alice@example.com"), "alice@example.com", [Alert.Create(null, "ferry")], "daily", null, null);

    /// <summary>The audit as <c>status --verify</c> builds it, at <paramref name="later"/> after now.</summary>
    private static StorageAudit Audit(IServiceProvider stores, TimeSpan later = default)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow + later);
        return ActivatorUtilities.CreateInstance<StorageAudit>(stores, time, Options.Create(new ReliabilityOptions { AnnounceGracePeriod = Grace }));
    }

    private static async Task<IncomingBlob> DropAsync(IServiceProvider stores, string name)
    {
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync(name, BinaryData.FromString("Ferry fares frozen\n\nFerry fares will not rise."));
        return (await stores.GetRequiredService<IncomingBlobs>().GetAsync(name))!;
    }

    private static int Count(AuditReport report, string area, string state) =>
        report.Counts.TryGetValue(area, out var states) ? states.GetValueOrDefault(state) : 0;

    [Fact]
    public async Task Run_ParsedSummarisedQuarantinedSentAndPoisoned_IsClean()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var parsed = await DropAsync(stores, "parsed.txt");
        var rejected = await DropAsync(stores, "rejected.txt");
        await stores.GetRequiredService<ArticleStore>().SaveAsync(ArticleStoreTests.Article("a1", "parsed.txt"));
        await stores.GetRequiredService<SummaryStore>().TryCreateAsync(Summary("a1"));
        await stores.GetRequiredService<SummaryStore>().IndexAsync(Summary("a1"));
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("parsed.txt", parsed.ETag.ToString()!, ["a1"], null, DateTimeOffset.UtcNow));
        await stores.GetRequiredService<QuarantineStore>().QuarantineAsync("rejected.txt", new MemoryStream([0]), new Rejection("empty", "The file is empty."));
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("rejected.txt", rejected.ETag.ToString()!, [], "empty", DateTimeOffset.UtcNow));
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        await ledger.ClaimAsync(Alice, "d1", ["a1"], DateTimeOffset.UtcNow);
        await ledger.CompleteAsync(Alice, "d1", ["a1"], DeliveryStatus.Sent, DateTimeOffset.UtcNow);

        var report = await Audit(stores, TimeSpan.FromHours(1)).RunAsync();

        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.Equal((1, 1, 1, 1, 1), (Count(report, StorageAudit.Blobs, AuditStates.Parsed), Count(report, StorageAudit.Blobs, AuditStates.Quarantined),
            Count(report, StorageAudit.Articles, AuditStates.Summarised), Count(report, StorageAudit.Index, AuditStates.Valid), Count(report, StorageAudit.Deliveries, AuditStates.Sent)));
    }

    [Fact]
    public async Task Run_SummaryWrittenButNotIndexed_InFlightWhileAMessageWaitsThenAProblemNamingTheArticle()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();
        foreach (var id in new[] { "a1", "a2" })
        {
            await stores.GetRequiredService<ArticleStore>().SaveAsync(ArticleStoreTests.Article(id, id + ".txt"));
            await summaries.TryCreateAsync(Summary(id));
        }

        // a1 is indexed; a2's run stopped between writing its summary and indexing it, and its message waits for a retry.
        await summaries.IndexAsync(Summary("a1"));
        await stores.GetRequiredService<SummariseQueue>().EnqueueAsync("a2", "a2.txt");

        var waiting = await Audit(stores).RunAsync();

        Assert.True(waiting.IsClean, string.Join("; ", waiting.Problems));
        var inFlight = Assert.Single(waiting.InFlight, f => f.Area == StorageAudit.Index);
        Assert.Contains("1 summarised article(s) not in the summary index", inFlight.Detail, StringComparison.Ordinal);
        Assert.Equal((2, 1, 1), (Count(waiting, StorageAudit.Articles, AuditStates.Summarised), Count(waiting, StorageAudit.Index, AuditStates.Valid), Count(waiting, StorageAudit.Index, AuditStates.InFlight)));

        // The message is gone (its retries used up elsewhere, say) and the summary is still not indexed: no digest will find it.
        await stores.GetRequiredService<StorageClients>().Queues.GetQueueClient(stores.GetRequiredService<IOptions<StorageOptions>>().Value.SummariseQueue).ClearMessagesAsync();

        var stranded = await Audit(stores).RunAsync();

        var problem = Assert.Single(stranded.Problems);
        Assert.Equal((StorageAudit.Index, AuditStates.Unindexed, "a2"), (problem.Area, problem.State, problem.Item));
        Assert.Contains("no digest will find it", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(1, stranded.ProblemCount);
    }

    [Fact]
    public async Task Run_AnnouncedNotIngested_InFlightWithinTheGracePeriodThenStuck()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var blob = await DropAsync(stores, "announced.txt");
        await stores.GetRequiredService<AnnouncedBlobs>().RecordAsync([(blob.Name, blob.Version)]);

        var now = await Audit(stores).RunAsync();
        var later = await Audit(stores, Grace + TimeSpan.FromMinutes(1)).RunAsync();

        Assert.True(now.IsClean);
        Assert.Contains(now.InFlight, f => f.Item == "announced.txt" && f.Detail.Contains("announced", StringComparison.Ordinal));
        Assert.False(later.IsClean);
        Assert.Contains(later.Problems, f => f.Item == "announced.txt" && f.State == AuditStates.Stuck);
    }

    [Fact]
    public async Task Run_NeverAnnouncedAfterTheGracePeriod_IsReportedAsNotAnnounced()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await DropAsync(stores, "dropped.txt");

        Assert.True((await Audit(stores).RunAsync()).IsClean);
        var report = await Audit(stores, TimeSpan.FromHours(1)).RunAsync();

        Assert.Contains(report.Problems, f => f.Item == "dropped.txt" && f.State == AuditStates.Unannounced);
    }

    [Fact]
    public async Task Run_BlobInThePoisonQueue_IsPoisonedNotAProblem()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await DropAsync(stores, "bad.txt");
        var poison = stores.GetRequiredService<StorageClients>().Queues.GetQueueClient(IncomingBlobs.PoisonQueue);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(BinaryData.FromString(
            $"{{\"Type\":\"BlobTrigger\",\"FunctionId\":\"x\",\"BlobType\":\"BlockBlob\",\"ContainerName\":\"{incoming.ContainerName}\",\"BlobName\":\"bad.txt\",\"ETag\":\"\\\"0x1\\\"\"}}"));

        var report = await Audit(stores, TimeSpan.FromHours(1)).RunAsync();

        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.Equal(1, Count(report, StorageAudit.Blobs, AuditStates.Poisoned));
    }

    [Fact]
    public async Task Run_ArticleWithoutSummaryOrMessage_IsReportedAsStranded()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await stores.GetRequiredService<ArticleStore>().SaveAsync(ArticleStoreTests.Article("a1", "gone.txt"));
        await stores.GetRequiredService<ArticleStore>().SaveAsync(ArticleStoreTests.Article("a2", "queued.txt"));
        await stores.GetRequiredService<SummariseQueue>().EnqueueAsync("a2", "queued.txt");

        var report = await Audit(stores).RunAsync();

        var stranded = Assert.Single(report.Problems);
        Assert.Equal(("a1", AuditStates.Stranded), (stranded.Item, stranded.State));
        Assert.Contains(report.InFlight, f => f.Item == "a2");
        Assert.Equal(1, Count(report, StorageAudit.Messages, AuditStates.Valid));
    }

    [Fact]
    public async Task Run_MessageForAMissingArticle_IsReportedAsOrphan()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await stores.GetRequiredService<SummariseQueue>().EnqueueAsync("missing", "a.txt");

        var report = await Audit(stores).RunAsync();

        var orphan = Assert.Single(report.Problems);
        Assert.Equal((StorageAudit.Messages, "missing", AuditStates.Orphan), (orphan.Area, orphan.Item, orphan.State));
    }

    [Fact]
    public async Task Run_LedgerNamesAnArticleThatIsNotStored_IsReportedAsLost()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var blob = await DropAsync(stores, "a.txt");
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("a.txt", blob.ETag.ToString()!, ["lost1"], null, DateTimeOffset.UtcNow));

        var report = await Audit(stores).RunAsync();

        Assert.Contains(report.Problems, f => f.Item == "a.txt" && f.State == AuditStates.Lost && f.Detail.Contains("lost1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_QuarantinedInTheLedgerButNotInQuarantine_IsReported()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var blob = await DropAsync(stores, "a.txt");
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("a.txt", blob.ETag.ToString()!, [], "empty", DateTimeOffset.UtcNow));

        var report = await Audit(stores).RunAsync();

        Assert.Contains(report.Problems, f => f.Item == "a.txt" && f.State == AuditStates.Unquarantined);
    }

    [Fact]
    public async Task Run_SameArticleInTwoDigestsToOneSubscriber_IsReportedAsDuplicate()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        foreach (var (digest, status) in new[] { ("d1", DeliveryStatus.Sent), ("d2", DeliveryStatus.Unconfirmed) })
        {
            await ledger.ClaimAsync(Alice, digest, ["a1", digest + "-only"], DateTimeOffset.UtcNow);
            await ledger.CompleteAsync(Alice, digest, ["a1", digest + "-only"], status, DateTimeOffset.UtcNow);
        }

        var report = await Audit(stores).RunAsync();

        var duplicate = Assert.Single(report.Problems);
        Assert.Equal(AuditStates.Duplicate, duplicate.State);
        Assert.Contains("d1 and d2", duplicate.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@", duplicate.Item, StringComparison.Ordinal);
        Assert.Equal((1, 1), (Count(report, StorageAudit.Deliveries, AuditStates.Sent), Count(report, StorageAudit.Deliveries, AuditStates.Unconfirmed)));
    }

    [Fact]
    public async Task Run_DigestClaimedAndNeverCompleted_InFlightThenIncomplete()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await stores.GetRequiredService<DeliveryLedger>().ClaimAsync(Alice, "d1", ["a1"], DateTimeOffset.UtcNow);

        Assert.True((await Audit(stores).RunAsync()).IsClean);
        var later = await Audit(stores, TimeSpan.FromHours(1)).RunAsync();

        Assert.Contains(later.Problems, f => f.State == AuditStates.Incomplete && f.Detail.Contains("sending", StringComparison.Ordinal));
    }

    private static Pipeline.Core.Summarisation.SummaryDocument Summary(string articleId) => new()
    {
        ArticleId = articleId,
        Title = "Ferry fares frozen",
        Sentences = ["Ferry fares will not rise."],
        Keywords = [],
        Method = "extractive",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
