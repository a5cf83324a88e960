using System.Text.Json;
using Azure.Storage.Blobs;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Pipeline.IntegrationTests.Storage;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// A message that fails every try lands in its poison queue after the configured number of tries; the real
/// <c>pipeline status</c> shows it with the error of its last try, and, once the cause is fixed,
/// <c>pipeline requeue --poisoned</c> moves it back and it goes through. The host runs in-process on a real Azurite;
/// the admin verbs run as child processes, as a user runs them.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PoisonMessageTests(AzuriteFixture azurite)
{
    private const int Tries = 3;

    private static Dictionary<string, string?> Settings(string connectionString, string suffix) => new(TestStorage.Settings(connectionString, suffix))
    {
        [LocalPipelineHost.HostIdSetting] = "test-" + suffix,
        ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "pipeline-outbox-" + suffix),
        // Three tries, a second apart, rather than five, five seconds apart.
        [$"{LocalPipelineHost.QueuesSection}:MaxDequeueCount"] = Tries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{LocalPipelineHost.QueuesSection}:VisibilityTimeout"] = "00:00:01",
        [$"{LocalPipelineHost.BlobsSection}:MaxDequeueCount"] = Tries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task SummariseArticle_StoredArticleCorrupt_PoisonedWithItsErrorThenRequeuedAfterTheFixAndSummarised()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = Settings(azurite.ConnectionString, suffix);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, settings, suffix);
        // Storage holds an article record that is not JSON: every try to summarise it fails the same way.
        var articlesContainer = new BlobContainerClient(azurite.ConnectionString, "articles-" + suffix);
        await articlesContainer.GetBlobClient("corrupt1.json").UploadAsync(BinaryData.FromString("{\"id\":\"corrupt1\",\"title\":"));
        await host.Get<SummariseQueue>().EnqueueAsync("corrupt1", "corrupt1.txt");

        await Eventually.HoldsAsync(async () => await host.Get<SummariseQueue>().CountFailedAsync() == 1, TimeSpan.FromSeconds(60), "the message in the summarise poison queue");
        Assert.Equal(0, await host.Get<SummariseQueue>().CountAsync());

        var status = await RunAsync(settings, "status");
        Assert.Contains("poisoned:    1 (summarise 1, blobs 0, digests 0)", status, StringComparison.Ordinal);
        Assert.Matches(@"summarise\s+corrupt1 \(from corrupt1\.txt\)\s+error at [^:]+:\d\d:\d\dZ: JsonException: ", status);
        Assert.Contains("pipeline requeue --poisoned", status, StringComparison.Ordinal);
        var json = JsonDocument.Parse(await RunAsync(settings, "status", "--json")).RootElement.GetProperty("poisoned");
        var item = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal(("summarise", "corrupt1", "corrupt1.txt"), (item.GetProperty("queue").GetString(), item.GetProperty("item").GetString(), item.GetProperty("source").GetString()));
        Assert.StartsWith("JsonException: ", item.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The fix: the article is written again, whole.
        await articlesContainer.GetBlobClient("corrupt1.json").DeleteAsync();
        await host.Get<ArticleStore>().SaveAsync(ArticleStoreTests.Article("corrupt1", "corrupt1.txt"));
        var requeue = await RunAsync(settings, "requeue", "--poisoned");

        Assert.Contains("requeued summarise corrupt1: back onto the summarise queue", requeue, StringComparison.Ordinal);
        Assert.Contains("requeued 1 poisoned message(s)", requeue, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => await host.Get<SummaryStore>().GetAsync("corrupt1") is not null, TimeSpan.FromSeconds(60), "the summary of the requeued article");
        Assert.Equal(0, await host.Get<SummariseQueue>().CountFailedAsync());
        Assert.Contains("poisoned:    0 (summarise 0, blobs 0, digests 0)", await RunAsync(settings, "status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseArticle_StoredCopyOfItsArticleCorrupt_BlobPoisonedWithItsErrorThenDroppedAgainAfterTheFixAndIngested()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = Settings(azurite.ConnectionString, suffix);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, settings, suffix);
        const string name = "poisoned/ferry fares.txt";
        var content = BinaryData.FromString("Ferry fares frozen\n\nFerry fares will not rise next year, the island council said.");
        // Storage holds a corrupt record (not JSON) under the id this file's article gets: every try to store the
        // article, which adds its source to the stored copy, fails reading that copy.
        var id = ArticleDocument.From(new ArticleParser().Parse(content.ToArray(), name).Articles[0], name, DateTimeOffset.UtcNow).Id;
        var corrupt = new BlobContainerClient(azurite.ConnectionString, "articles-" + suffix).GetBlobClient(id + ".json");
        await corrupt.UploadAsync(BinaryData.FromString("{\"id\":"));
        await host.Get<IncomingBlobs>().UploadAsync(name, content);

        await Eventually.HoldsAsync(async () => (await host.Get<IncomingBlobs>().PeekFailedAsync()).Contains(name), TimeSpan.FromSeconds(90), "the blob in the blob trigger's poison queue");

        var status = await RunAsync(settings, "status");
        Assert.Contains("poisoned:    1 (summarise 0, blobs 1, digests 0)", status, StringComparison.Ordinal);
        Assert.Matches(@"blob\s+poisoned/ferry fares\.txt\s+error at [^:]+:\d\d:\d\dZ: JsonException: ", status);

        // The fix: the corrupt record is removed.
        await corrupt.DeleteAsync();
        var requeue = await RunAsync(settings, "requeue", "--poisoned");

        Assert.Contains($"requeued blob {name}: dropped again, to be ingested", requeue, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await host.Get<IncomingBlobs>().GetAsync(name)) is { } blob && await host.Get<IngestionLedger>().GetAsync(name, blob.Version) is { ArticleIds.Count: 1 }, TimeSpan.FromSeconds(60), "the requeued blob ingested");
        Assert.DoesNotContain(name, await host.Get<IncomingBlobs>().PeekFailedAsync());
        // The new version's article is summarised a moment later; then every item is accounted for.
        await Eventually.HoldsAsync(async () =>
        {
            using var verify = PipelineProcess.Start(settings, "status", "--verify");
            return await verify.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0;
        }, TimeSpan.FromSeconds(60), "status --verify to account for every item");
    }

    [Fact]
    public async Task SendDigest_SubscriberRecordCorrupt_ShardPoisonedWithItsErrorThenRequeuedAfterTheFix()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = Settings(azurite.ConnectionString, suffix);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, settings, suffix);
        // A subscriber whose alerts column is not JSON: every try to send their shard fails reading it.
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, "Subscribers" + suffix);
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("subscriber", "corrupt-subscriber")
        {
            ["Email"] = "reader@example.com",
            ["Alerts"] = "[{\"id\":",
            ["Frequency"] = "daily",
        });
        await host.Get<DigestsQueue>().EnqueueAsync([new DueSubscriber("corrupt-subscriber", "b00")]);

        await Eventually.HoldsAsync(async () => await host.Get<DigestsQueue>().CountFailedAsync() == 1, TimeSpan.FromSeconds(60), "the shard in the digests poison queue");

        var status = await RunAsync(settings, "status");
        Assert.Contains("poisoned:    1 (summarise 0, blobs 0, digests 1)", status, StringComparison.Ordinal);
        Assert.Matches(@"digests\s+a shard of 1 subscriber\(s\)\s+error at [^:]+:\d\d:\d\dZ: JsonException: ", status);

        // The fix: the subscriber's record is written again, whole; the shard goes back and is taken without error.
        await table.DeleteEntityAsync("subscriber", "corrupt-subscriber");
        var requeue = await RunAsync(settings, "requeue", "--poisoned");

        Assert.Contains("requeued 1 poisoned message(s)", requeue, StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => await host.Get<DigestsQueue>().CountAsync() == 0, TimeSpan.FromSeconds(60), "the requeued shard taken");
        Assert.Equal(0, await host.Get<DigestsQueue>().CountFailedAsync());
    }

    /// <summary>Runs <c>pipeline <paramref name="args"/></c> to the end; fails unless it exits 0. Returns its output.</summary>
    private static async Task<string> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var run = PipelineProcess.Start(settings, args);
        var exitCode = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"pipeline {string.Join(' ', args)} exited {exitCode}:\n{run.Output}");
        return run.Output;
    }
}
