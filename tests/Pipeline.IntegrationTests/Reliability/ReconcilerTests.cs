using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>The reconciler and the recovery of lost articles, on a real Azurite and the real triggers.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReconcilerTests(AzuriteFixture azurite)
{
    private const string Text = "Ferry fares frozen\n\nFerry fares will not rise next year, the island council said, after a winter of complaints about the ferry timetable.";

    /// <summary>A short grace period and a quick reconciler, so that a test sees them act.</summary>
    private static readonly Dictionary<string, string?> Quick = new()
    {
        ["Reliability:AnnounceGracePeriod"] = "00:00:01",
        ["Reliability:ReconcileInterval"] = "00:00:00.300",
    };

    /// <summary>Drops a file and records it as announced, as a feed killed before the blob was ingested leaves it.</summary>
    private static async Task<IncomingBlob> AnnouncedAsync(IServiceProvider stores, string name)
    {
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync(name, BinaryData.FromString(Text));
        var blob = (await stores.GetRequiredService<IncomingBlobs>().GetAsync(name))!;
        await stores.GetRequiredService<AnnouncedBlobs>().RecordAsync([(blob.Name, blob.Version)]);
        return blob;
    }

    private static Reconciler Reconciler(IServiceProvider stores, TimeSpan grace) =>
        ActivatorUtilities.CreateInstance<Reconciler>(stores, Options.Create(new ReliabilityOptions { AnnounceGracePeriod = grace }), TimeProvider.System, NullLogger<Reconciler>.Instance);

    [Fact]
    public async Task Host_AnnouncedVersionWithNoIngestionRecord_IsAnnouncedAgainAfterTheGracePeriodAndIngested()
    {
        var suffix = TestStorage.NewSuffix();
        using (var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix))
        {
            // The feed of a host killed after the webhook accepted the event, before the blob was ingested.
            await AnnouncedAsync(stores, "ferry.txt");
        }

        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, Quick, suffix);
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((1, 1, 1), (progress.Ingested, progress.Articles, progress.Summarised));
        Assert.True((await host.Get<StorageAudit>().RunAsync()).IsClean);
    }

    [Fact]
    public async Task Reconcile_WithinTheGracePeriod_LeavesTheAnnouncementAlone()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await AnnouncedAsync(stores, "a.txt");

        var result = await Reconciler(stores, TimeSpan.FromHours(1)).ReconcileAsync();

        Assert.Equal((0, 1), (result.Reannounced.Count, result.Pending));
        Assert.NotNull(await stores.GetRequiredService<AnnouncedBlobs>().GetAsync("a.txt"));
    }

    [Fact]
    public async Task Reconcile_IngestedVersion_IsConfirmedOnceAndNeverAnnouncedAgain()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var blob = await AnnouncedAsync(stores, "a.txt");
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("a.txt", blob.ETag.ToString()!, ["a1"], null, DateTimeOffset.UtcNow));

        var first = await Reconciler(stores, TimeSpan.Zero).ReconcileAsync();
        var second = await Reconciler(stores, TimeSpan.Zero).ReconcileAsync();

        Assert.Equal((0, 1), (first.Reannounced.Count, first.Confirmed));
        Assert.Equal((0, 0), (second.Reannounced.Count, second.Confirmed));
        Assert.True((await stores.GetRequiredService<AnnouncedBlobs>().GetAsync("a.txt"))!.Ingested);
    }

    [Fact]
    public async Task Reconcile_StaleAnnouncementWithoutRecord_IsForgottenOnce()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await AnnouncedAsync(stores, "a.txt");

        var first = await Reconciler(stores, TimeSpan.Zero).ReconcileAsync();
        var second = await Reconciler(stores, TimeSpan.Zero).ReconcileAsync();

        Assert.Equal(["a.txt"], first.Reannounced);
        Assert.Empty(second.Reannounced);
        Assert.Null(await stores.GetRequiredService<AnnouncedBlobs>().GetAsync("a.txt"));
    }

    [Fact]
    public async Task RequeueUnsummarised_ArticleWithoutSummaryOrWithAnUnindexedOne_IsQueuedWithItsSource()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var summaries = stores.GetRequiredService<SummaryStore>();
        foreach (var (id, source) in new[] { ("a1", "one.txt"), ("a2", "two.txt"), ("a3", "three.txt") })
        {
            await stores.GetRequiredService<ArticleStore>().SaveAsync(Storage.ArticleStoreTests.Article(id, source));
        }

        // a2 is summarised and indexed; a3's summary was written and its run stopped before the index row.
        foreach (var id in new[] { "a2", "a3" })
        {
            var summary = new Pipeline.Core.Summarisation.SummaryDocument
            {
                ArticleId = id, Title = "t", Sentences = ["s"], Keywords = [], Method = "extractive", CreatedAt = DateTimeOffset.UtcNow,
            };
            await summaries.TryCreateAsync(summary);
            if (id == "a2")
            {
                await summaries.IndexAsync(summary);
            }
        }

        var queued = await Reconciler(stores, TimeSpan.Zero).RequeueUnsummarisedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["a1", "a3"], queued);
        var messages = await stores.GetRequiredService<SummariseQueue>().PeekAsync();
        Assert.Equal([("a1", "one.txt"), ("a3", "three.txt")], messages.Select(m => (m.ArticleId, m.Source)).Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SummariseArticle_MessageForALostArticle_ParsesItsSourceAgainAndSummarises(bool messageNamesSource)
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        await host.Get<IncomingBlobs>().UploadAsync("news/ferry.txt", BinaryData.FromString(Text));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        var articleId = (await host.Get<ArticleStore>().ListIdsAsync().ToListAsync()).Single();

        // Storage lost the article and its summary (Azurite killed before it persisted them); the message survived.
        var options = host.Get<IOptions<StorageOptions>>().Value;
        var blobs = host.Get<StorageClients>().Blobs;
        await blobs.GetBlobContainerClient(options.ArticlesContainer).DeleteBlobAsync(articleId + ".json");
        await blobs.GetBlobContainerClient(options.SummariesContainer).DeleteBlobAsync(articleId + ".json");
        await host.Get<SummariseQueue>().EnqueueAsync(articleId, messageNamesSource ? "news/ferry.txt" : null);

        await Eventually.HoldsAsync(() => host.Get<SummaryStore>().ExistsAsync(articleId), TimeSpan.FromSeconds(60), "the lost article summarised again");

        Assert.True(await host.Get<ArticleStore>().ExistsAsync(articleId));
        Assert.Equal(["news/ferry.txt"], (await host.Get<ArticleStore>().GetAsync(articleId))!.Sources);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        Assert.True((await host.Get<StorageAudit>().RunAsync()).IsClean);
    }

    [Fact]
    public async Task WaitUntilIdle_NothingMoves_NamesTheStuckBlobAndLetsTheReconcilerFinishIt()
    {
        var suffix = TestStorage.NewSuffix();
        using (var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix))
        {
            await AnnouncedAsync(stores, "stuck.txt");
        }

        // A grace period longer than the test: only the stall report's own reconciler pass can move it.
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["Reliability:AnnounceGracePeriod"] = "01:00:00" }, suffix);
        var notes = new List<string>();
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90), onNote: notes.Add);

        Assert.Equal(1, progress.Summarised);
        Assert.Contains(notes, n => n.Contains("stuck.txt", StringComparison.Ordinal) && n.Contains("announced", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("reconciler: announcing 1 blob(s) again: stuck.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitUntilIdle_CannotFinishBeforeTheTimeout_ThrowsNamingTheStuckArticle()
    {
        var suffix = await StrandedArticleAsync("stranded1");
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, extra: null, suffix);
        var stuck = await Assert.ThrowsAsync<Pipeline.Cli.Hosting.PipelineStuckException>(() => host.WaitUntilIdleAsync(TimeSpan.FromSeconds(3)));

        var finding = Assert.Single(stuck.Stuck);
        Assert.Equal(("stranded1", AuditStates.Stranded), (finding.Item, finding.State));
        Assert.Contains("0/1 articles summarised", stuck.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilIdle_HostClockDrivenByHand_TimesOutInRealTimeInsteadOfWaitingForever()
    {
        var suffix = await StrandedArticleAsync("stranded2");

        // The pipeline's clock stands still, as a test's FakeTimeProvider does until the test moves it.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, extra: null, suffix, services => services.AddSingleton<TimeProvider>(frozen));

        var waiting = host.WaitUntilIdleAsync(TimeSpan.FromSeconds(3));

        var stuck = await Assert.ThrowsAsync<Pipeline.Cli.Hosting.PipelineStuckException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("stranded2", Assert.Single(stuck.Stuck).Item);
    }

    /// <summary>
    /// New storage holding a file that was parsed, by the ledger, into an article with neither a summary nor a message:
    /// nothing will summarise it. Returns the storage's suffix.
    /// </summary>
    private async Task<string> StrandedArticleAsync(string articleId)
    {
        var suffix = TestStorage.NewSuffix();
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        var blob = await AnnouncedAsync(stores, "a.txt");
        await stores.GetRequiredService<ArticleStore>().SaveAsync(Storage.ArticleStoreTests.Article(articleId, "a.txt"));
        await stores.GetRequiredService<IngestionLedger>().RecordAsync(new IngestionRecord("a.txt", blob.ETag.ToString()!, [articleId], null, DateTimeOffset.UtcNow));
        return suffix;
    }
}
