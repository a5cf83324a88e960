using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.IntegrationTests.Storage;

/// <summary>
/// Storage round trips per article through the real stages (parse, then summarise the queued message), counted by an
/// <c>HttpPipelinePolicy</c> on the pipeline's own storage clients, on a real Azurite (issue #11).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class StorageRoundTripTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// Requests per single-article file, parse and summarise together, measured on 2026-12-01 (see the breakdown this
    /// test prints). Parse: incoming download (version and bytes in one request) 1, ledger read 1, article write 1,
    /// queue put 1, ledger write 1 = 5. Summarise (the local summariser): article read 1, summary write 1 (create if
    /// absent), index write 1 = 3. Total 8. It was 11, then 9: the parse stage read the incoming blob's properties
    /// before downloading it, and checked for a summary of an article it had just created; the summarise stage read
    /// the summary before making one, which only a paid summariser needs. The queue trigger's own dequeue and delete
    /// are the host's, not counted here.
    /// </summary>
    private const int CallsPerArticleBudget = 8;

    private const int Articles = 20;

    [Fact]
    public async Task ParseAndSummarise_SingleArticleFiles_StayWithinTheStorageCallBudgetPerArticle()
    {
        await using var rig = await RigAsync();
        var (suffix, stores, counter, pipeline) = (rig.Suffix, rig.Stores, rig.Counter, rig.Pipeline);
        for (var i = 0; i < Articles; i++)
        {
            await stores.GetRequiredService<IncomingBlobs>().UploadAsync($"news/{i:D2}.txt", BinaryData.FromString(
                $"Bridge {i} reopens\n\nThe bridge on road {i} reopens on Monday after {i % 9 + 2} weeks of repairs, the council said. " +
                $"Buses on route {i} return to their usual timetable, and the temporary crossing {i} will be removed by Friday."));
        }

        for (var i = 0; i < Articles; i++)
        {
            using (StorageCallCounter.In("parse"))
            {
                var record = await pipeline.GetRequiredService<ArticleIngestor>().IngestAsync($"news/{i:D2}.txt");
                Assert.Single(record!.ArticleIds);
            }
        }

        // Take the messages off the queue as the queue trigger does (with uncounted clients), and summarise each.
        var queue = stores.GetRequiredService<StorageClients>().Queues.GetQueueClient("summarise-" + suffix);
        var summarised = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            foreach (var received in batch)
            {
                var message = JsonSerializer.Deserialize<SummariseMessage>(received.MessageText, StorageJson.Options)!;
                using (StorageCallCounter.In("summarise"))
                {
                    Assert.NotNull(await pipeline.GetRequiredService<SummaryService>().SummariseAsync(message));
                }

                await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
                summarised++;
            }
        }

        output.WriteLine(Breakdown(counter, Articles));
        Assert.Equal(Articles, summarised);
        Assert.Equal(Articles, (await stores.GetRequiredService<SummaryStore>().ListIdsAsync()).Count);
        var perArticle = (double)counter.Total / Articles;
        Assert.True(perArticle <= CallsPerArticleBudget, $"{perArticle:0.##} storage calls per article, over the budget of {CallsPerArticleBudget}:\n{Breakdown(counter, Articles)}");
    }

    [Fact]
    public async Task IngestAsync_SameVersionDeliveredAgain_ReadsTheLedgerAndWritesNothing()
    {
        await using var rig = await RigAsync();
        var (suffix, stores, counter, pipeline) = (rig.Suffix, rig.Stores, rig.Counter, rig.Pipeline);
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync("again.txt", BinaryData.FromString(
            "Library hours extended\n\nThe central library will open until nine on weekdays from March, the council said."));
        var first = await pipeline.GetRequiredService<ArticleIngestor>().IngestAsync("again.txt");
        counter.Reset();

        // At-least-once delivery: the same blob version arrives again.
        using (StorageCallCounter.In("parse again"))
        {
            var second = await pipeline.GetRequiredService<ArticleIngestor>().IngestAsync("again.txt");
            Assert.Equal(first!.ArticleIds, second!.ArticleIds);
        }

        output.WriteLine(Breakdown(counter, 1));
        Assert.Equal(2, counter.Total);
        Assert.All(counter.Calls.Keys, call => Assert.Contains(call.Method, new[] { "GET", "HEAD" }));
        Assert.Equal(1, await stores.GetRequiredService<SummariseQueue>().CountAsync());
    }

    [Fact]
    public async Task SummariseAsync_SameMessageDeliveredAgain_KeepsTheFirstSummaryAndItsIndexRow()
    {
        await using var rig = await RigAsync();
        var (suffix, stores, counter, pipeline) = (rig.Suffix, rig.Stores, rig.Counter, rig.Pipeline);
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync("twice.txt", BinaryData.FromString(
            "Market hall reopens\n\nThe market hall reopens on Saturday after a year of repairs, the council said. Forty stalls return."));
        var id = Assert.Single((await pipeline.GetRequiredService<ArticleIngestor>().IngestAsync("twice.txt"))!.ArticleIds);
        var service = pipeline.GetRequiredService<SummaryService>();
        var first = await service.SummariseAsync(id);
        await Task.Delay(20);

        var second = await service.SummariseAsync(id);

        Assert.Equal(first!.CreatedAt, second!.CreatedAt);
        Assert.Equal(first.Sentences, second.Sentences);
        Assert.Equal([id], await stores.GetRequiredService<SummaryStore>().ListIdsAsync());
        Assert.Equal([id], await stores.GetRequiredService<SummaryStore>().ListSinceAsync(first.CreatedAt.AddMinutes(-1)));
    }

    /// <summary>A test's own storage, created, and the pipeline's services on it with a call counter on every storage client.</summary>
    private async Task<Rig> RigAsync()
    {
        var suffix = TestStorage.NewSuffix();
        var counter = new StorageCallCounter(suffix);
        return new Rig(suffix, await TestStorage.CreateAsync(azurite.ConnectionString, suffix), counter, Pipeline(suffix, counter));
    }

    private sealed record Rig(string Suffix, ServiceProvider Stores, StorageCallCounter Counter, ServiceProvider Pipeline) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Pipeline.DisposeAsync();
            await Stores.DisposeAsync();
        }
    }

    /// <summary>The pipeline's services (as the hosts register them) with <paramref name="counter"/> on every storage client.</summary>
    private ServiceProvider Pipeline(string suffix, StorageCallCounter counter)
    {
        var settings = TestStorage.Settings(azurite.ConnectionString, suffix);
        settings["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "pipeline-outbox-" + suffix);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPipeline(configuration).AddStoragePolicy(counter).BuildServiceProvider();
    }

    /// <summary>What each request is for, by stage, with the count per article.</summary>
    internal static string Breakdown(StorageCallCounter counter, int articles)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Storage calls for {articles} articles: {counter.Total} ({(double)counter.Total / articles:0.##} per article)\n");
        foreach (var stage in counter.Calls.GroupBy(c => c.Key.Stage).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {stage.Key}: {stage.Sum(c => c.Value) / (double)articles:0.##} per article\n");
            foreach (var (call, count) in stage.OrderByDescending(c => c.Value).ThenBy(c => c.Key.ToString(), StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"    {Step(call),-42} {call.Service,-6} {call.Method,-16} {call.Resource,-14} {count,6} {count / (double)articles,6:0.##}/article\n");
            }
        }

        return text.ToString();
    }

    private static string Step(StorageCall call) => (call.Service, call.Method, call.Resource) switch
    {
        (StorageService.Blob, "HEAD", "incoming") => "incoming: read properties (version, size)",
        (StorageService.Blob, "GET", "incoming") => "incoming: download (version and bytes)",
        (StorageService.Table, "GET", "Ingestions") => "ledger read",
        (StorageService.Table, "PUT" or "MERGE" or "PATCH", "Ingestions") => "ledger write",
        (StorageService.Blob, "PUT", "articles") => "article write",
        (StorageService.Blob, "GET", "articles") => "article read",
        (StorageService.Queue, "POST", "summarise") => "queue put",
        (StorageService.Blob, "HEAD", "summaries") => "dedupe check: summary exists?",
        (StorageService.Blob, "GET", "summaries") => "dedupe check: summary read",
        (StorageService.Blob, "PUT", "summaries") => "summary write",
        (StorageService.Table, "PUT" or "MERGE" or "PATCH", "SummaryIndex") => "index write",
        (StorageService.Table, "POST", _) when call.Resource.StartsWith("$batch", StringComparison.Ordinal) => "table batch",
        _ => "other",
    };
}
