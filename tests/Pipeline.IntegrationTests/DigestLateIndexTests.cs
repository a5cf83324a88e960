using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A summary indexed long after it was written still reaches its subscribers: through the real queue trigger, digest
/// timer and deliveries table on Azurite, with a <see cref="FakeTimeProvider"/> as the pipeline's clock.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class DigestLateIndexTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SummaryWrittenAt0600_IndexedAt0720AfterTwoDigestPasses_IsInThe0800Digest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero));
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(time));
        // Letters only, so that the alert's one word matches this test's article and nothing else on the shared server.
        var tag = new string(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + (c % 16))).ToArray());
        var email = $"late-{tag}@example.com";
        Assert.True(await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("Ferries", tag), "hourly :00 UTC"));

        // 06:00: the article is parsed and its summary written; the run then failed on the summary's index row (the
        // table was away), and its message ran out of tries.
        var articleId = await PlantSummaryAsync(host, tag, time.GetUtcNow());

        // 06:00 and 07:00: digest passes find nothing new, and the subscriber is covered until 07:00.
        await host.RunDigestPassAsync();
        time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero));
        await host.RunDigestPassAsync();
        Assert.DoesNotContain(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);

        // 07:20: `requeue` puts the message back; the summariser keeps the summary it finds and indexes it.
        time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 7, 20, 0, TimeSpan.Zero));
        await host.Get<SummariseQueue>().EnqueueAsync(articleId, $"late/{tag}.txt");
        await Eventually.HoldsAsync(async () => (await host.Get<SummaryStore>().ListIndexedIdsAsync()).Contains(articleId), TimeSpan.FromSeconds(60), "the summary indexed");

        time.SetUtcNow(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        await host.RunDigestPassAsync();

        var digest = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal([articleId], digest.ArticleIds);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), digest.At);
        Assert.Equal([new DateTimeOffset(2026, 6, 1, 7, 20, 0, TimeSpan.Zero)], await IndexRowsAsync(host, articleId));
    }

    [Fact]
    public async Task SummaryIndexedInTime_ADuplicateMessageAnHourLater_AddsNoSecondIndexRow()
    {
        var written = new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(written);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(time));
        var tag = new string(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + (c % 16))).ToArray());
        var articleId = await PlantSummaryAsync(host, tag, written);
        await host.Get<SummaryStore>().IndexAsync((await host.Get<SummaryStore>().GetAsync(articleId))!);

        time.Advance(TimeSpan.FromHours(1));
        await host.Get<SummariseQueue>().EnqueueAsync(articleId, $"late/{tag}.txt");
        await Eventually.HoldsAsync(async () => await host.Get<SummariseQueue>().CountAsync() == 0, TimeSpan.FromSeconds(60), "the duplicate message handled");

        Assert.Equal([written], await IndexRowsAsync(host, articleId));
    }

    /// <summary>A stored article on the test's word and its summary, written at <paramref name="at"/> and not indexed.</summary>
    private static async Task<string> PlantSummaryAsync(Cli.Hosting.LocalPipelineHost host, string tag, DateTimeOffset at)
    {
        var articleId = "late" + tag;
        await host.Get<ArticleStore>().SaveAsync(new ArticleDocument
        {
            Id = articleId,
            Sources = [$"late/{tag}.txt"],
            Title = $"Ferry fares frozen at {tag}",
            Paragraphs = [$"Ferry fares at {tag} will not rise next year, the island council said, after a winter of complaints."],
            Format = ArticleFormat.Text,
            ContentHash = articleId,
            WordCount = 18,
            IngestedAt = at,
        });
        Assert.True(await host.Get<SummaryStore>().TryCreateAsync(new SummaryDocument
        {
            ArticleId = articleId,
            Title = $"Ferry fares frozen at {tag}",
            Sentences = [$"Ferry fares at {tag} will not rise next year, the island council said."],
            Keywords = [],
            Method = "extractive",
            CreatedAt = at,
        }));
        return articleId;
    }

    private static async Task<List<DateTimeOffset>> IndexRowsAsync(Cli.Hosting.LocalPipelineHost host, string articleId) =>
        [.. (await host.Get<SummaryStore>().ListEntriesSinceAsync(DateTimeOffset.MinValue)).Where(e => e.ArticleId == articleId).Select(e => e.At)];
}
