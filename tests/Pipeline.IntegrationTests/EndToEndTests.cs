using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Cli.Hosting;
using Pipeline.Core;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

[Collection(PipelineCollection.Name)]
public sealed class EndToEndTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    [Fact]
    public async Task SeedArticle_DroppedThroughTheTriggerPath_MailsOnlyTheMatchingSubscriberOnce()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var matching = $"alice-{tag}@example.com";
        var other = $"bob-{tag}@example.com";
        await host.Get<SubscriberStore>().UpsertAsync(matching, "\"El Salvador\" AND prison", "daily");
        await host.Get<SubscriberStore>().UpsertAsync(other, "solar AND council", "daily");

        var seed = Path.Combine(RepositoryRoot.Find(), "seeds", "articles", "000_67bdc76f17fffe89.txt");
        await host.Get<IncomingBlobs>().UploadAsync("news/2025/noem-cecot.txt", new BinaryData(await File.ReadAllBytesAsync(seed)));

        await Eventually.HoldsAsync(async () => (await host.Get<SummaryStore>().ListIdsAsync()).Count == 1, TimeSpan.FromSeconds(60), "the seed article's summary");
        var articleId = (await host.Get<SummaryStore>().ListIdsAsync()).Single();
        var summary = (await host.Get<SummaryStore>().GetAsync(articleId))!;

        await host.RunDigestPassAsync();

        var toMatching = (await smtp.MessagesAsync()).Where(m => m.To.Contains(matching)).ToList();
        var message = Assert.Single(toMatching);
        Assert.DoesNotContain(await smtp.MessagesAsync(), m => m.To.Contains(other));
        // The plain text is wrapped at 78 columns: compare with line breaks read as the spaces they replaced.
        var text = Regex.Replace(await smtp.PlainTextAsync(message.Id), @"\s+", " ");
        Assert.Contains(Regex.Replace(summary.Title, @"\s+", " "), text, StringComparison.Ordinal);
        Assert.Contains(Regex.Replace(summary.Sentences[0], @"\s+", " "), text, StringComparison.Ordinal);
        var html = await smtp.HtmlAsync(message.Id);
        Assert.Contains("El Salvador", html, StringComparison.Ordinal);

        await host.RunDigestPassAsync();

        Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(matching));
        var deliveries = await host.Get<DeliveryLedger>().ListAsync();
        Assert.Single(deliveries, d => d.Email == matching && d.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task DigestPass_MailServerDown_SendsNothingAndRetriesNextPass_ThenSendsOnce()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var recipient = $"carol-{suffix}@example.com";
        Dictionary<string, string?> Smtp(int port) => new()
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        };

        await using (var down = await TestPipeline.StartAsync(azurite.ConnectionString, Smtp(LocalTools.FreePort()), suffix))
        {
            await down.Get<SubscriberStore>().UpsertAsync(recipient, "ferry", "daily");
            await down.Get<IncomingBlobs>().UploadAsync("ferry.txt", BinaryData.FromString(
                "Ferry fares frozen\n\nFerry fares will not rise next year, the island council said, after a winter of complaints about the ferry timetable."));
            await down.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

            await down.RunDigestPassAsync();

            Assert.Empty(await down.Get<DeliveryLedger>().ListAsync());
            Assert.Null((await down.Get<SubscriberStore>().ListAsync()).Single().LastDigestAt);
        }

        await using var up = await TestPipeline.StartAsync(azurite.ConnectionString, Smtp(smtp.SmtpPort), suffix);
        await up.RunDigestPassAsync();
        await up.RunDigestPassAsync();

        Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(recipient));
        Assert.Single(await up.Get<DeliveryLedger>().ListAsync(), d => d.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task DigestPass_NewSubscriberWithLongHistory_GetsTheNewestFiftyInOneEmail()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        await host.Get<SubscriberStore>().UpsertAsync("dave@example.com", "harbour", "daily");
        for (var i = 0; i < DigestService.MaxArticlesPerDigest + 5; i++)
        {
            await host.Get<IncomingBlobs>().UploadAsync($"h/{i:D2}.txt", BinaryData.FromString(
                $"Harbour notice {i}\n\nThe harbour master issued notice number {i} about berth {i} on Monday. Boats must move by noon."));
        }

        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));
        await host.RunDigestPassAsync();

        var digest = Assert.Single(await host.Get<DeliveryLedger>().ListAsync());
        Assert.Equal(DigestService.MaxArticlesPerDigest, digest.ArticleIds.Count);
        var summaries = new List<Pipeline.Core.Summarisation.SummaryDocument>();
        foreach (var id in await host.Get<SummaryStore>().ListIdsAsync())
        {
            summaries.Add((await host.Get<SummaryStore>().GetAsync(id))!);
        }

        var oldest = summaries.OrderBy(x => x.CreatedAt.UtcTicks).ThenBy(x => x.ArticleId, StringComparer.Ordinal).Take(5).Select(x => x.ArticleId);
        Assert.Empty(digest.ArticleIds.Intersect(oldest));
        var outbox = Assert.IsType<Pipeline.Core.Delivery.OutboxEmailSender>(host.Services.GetRequiredService<Pipeline.Core.Delivery.IEmailSender>());
        Assert.Single(Directory.GetFiles(outbox.OutboxPath, "*.eml"));
    }

    [Fact]
    public async Task UnusableFiles_AreQuarantinedWithReasons_AndTheHostKeepsWorking()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        var incoming = host.Get<IncomingBlobs>();
        await incoming.UploadAsync("photo.png", new BinaryData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 }));
        await incoming.UploadAsync("blank.txt", BinaryData.FromString("   \n\t\n  \r\n "));
        await incoming.UploadAsync("nothing.txt", new BinaryData(Array.Empty<byte>()));
        await incoming.UploadAsync("feed.json", BinaryData.FromString("{\"title\": \"Broken\", \"body\": \"no closing"));

        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        await incoming.UploadAsync("later/good.txt", BinaryData.FromString(
            "Harbour ferry timetable changes\n\nThe ferry between the harbour and the island will run every 30 minutes from Monday, the operator said. " +
            "Extra evening sailings will be added in summer. Fares stay the same until April."));
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var quarantined = new Dictionary<string, string>();
        await foreach (var file in host.Get<QuarantineStore>().ListAsync())
        {
            Assert.False(string.IsNullOrWhiteSpace(file.Reason));
            quarantined[file.Name] = file.ReasonCode;
        }

        Assert.Equal("binary", quarantined["photo.png"]);
        Assert.Equal("empty", quarantined["blank.txt"]);
        Assert.Equal("empty", quarantined["nothing.txt"]);
        Assert.Equal("malformed-json", quarantined["feed.json"]);
        Assert.Equal(4, progress.Quarantined);
        Assert.Equal(1, progress.Summarised);
        Assert.Equal(0, progress.FailedBlobs + progress.FailedSummaries);

        // The original bytes are kept, not a re-encoding of them.
        var png = await host.Get<QuarantineStore>().GetContentAsync("photo.png");
        Assert.Equal(0x89, png!.ToArray()[0]);
    }

    [Fact]
    public async Task FileOverTheSizeLimit_IsQuarantinedAsTooLarge_WithItsBytesKept()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["Ingestion:MaxFileBytes"] = "4096" });
        var big = string.Concat(Enumerable.Repeat("The council published its annual report on road repairs. ", 200));

        await host.Get<IncomingBlobs>().UploadAsync("reports/annual.txt", BinaryData.FromString(big));
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, progress.Quarantined);
        var file = Assert.Single(await host.Get<QuarantineStore>().ListAsync().ToListAsync());
        Assert.Equal("reports/annual.txt", file.Name);
        Assert.Equal("too-large", file.ReasonCode);
        Assert.Contains("Ingestion:MaxFileBytes", file.Reason, StringComparison.Ordinal);
        var kept = await host.Get<QuarantineStore>().GetContentAsync("reports/annual.txt");
        Assert.Equal(big, kept!.ToString());
    }

    [Fact]
    public async Task Requeue_QuarantinedFileAfterTheLimitIsRaised_IsIngestedAndSummarised()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var text = "Museum reopens\n\n" + string.Concat(Enumerable.Repeat("The city museum reopened its doors after a long renovation of the east wing. ", 80));
        await using (var strict = await TestPipeline.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["Ingestion:MaxFileBytes"] = "2048" }, suffix))
        {
            await strict.Get<IncomingBlobs>().UploadAsync("museum.txt", BinaryData.FromString(text));
            Assert.Equal(1, (await strict.WaitUntilIdleAsync(TimeSpan.FromSeconds(60))).Quarantined);
        }

        await using var relaxed = await TestPipeline.StartAsync(azurite.ConnectionString, suffix: suffix);
        Assert.True(await relaxed.Get<QuarantineStore>().RequeueAsync("museum.txt"));
        await Eventually.HoldsAsync(async () => (await relaxed.Get<SummaryStore>().ListIdsAsync()).Count == 1, TimeSpan.FromSeconds(60), "the requeued file's summary");

        Assert.Empty(await relaxed.Get<QuarantineStore>().ListAsync().ToListAsync());
        Assert.False(await relaxed.Get<QuarantineStore>().RequeueAsync("museum.txt"));
        var article = (await relaxed.Get<ArticleStore>().GetAsync((await relaxed.Get<SummaryStore>().ListIdsAsync()).Single()))!;
        Assert.Equal("Museum reopens", article.Title);
    }

    [Fact]
    public async Task SameArticle_UnderTwoNamesAndLayouts_IsOneArticleWithOneSummary()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        const string body = "Library opening hours extended\n\nThe central library will open until nine in the evening on weekdays from January, the council said on Tuesday. " +
                            "Weekend hours are unchanged. The change follows a consultation in which most respondents asked for later opening.";
        await host.Get<IncomingBlobs>().UploadAsync("a/library.txt", BinaryData.FromString(body));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        await host.Get<IncomingBlobs>().UploadAsync("b/library-copy.txt", BinaryData.FromString(body.Replace(". ", ".   ", StringComparison.Ordinal) + "\n\n"));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var ids = await host.Get<SummaryStore>().ListIdsAsync();
        var id = Assert.Single(ids);
        var article = (await host.Get<ArticleStore>().GetAsync(id))!;
        Assert.Equal(["a/library.txt", "b/library-copy.txt"], article.Sources);
    }

    [Fact]
    public async Task Ingest_SameBlobVersionTwice_ChangesNothingTheSecondTime()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        await host.Get<IncomingBlobs>().UploadAsync("twice.md", BinaryData.FromString("# Bridge reopens\n\nThe old bridge reopened to traffic on Monday after a year of repairs, the city said."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        var id = Assert.Single(await host.Get<SummaryStore>().ListIdsAsync());
        var names = host.Get<IOptions<StorageOptions>>().Value;
        var articleBefore = await BlobVersionAsync(host, names.ArticlesContainer, id);
        var summaryBefore = await BlobVersionAsync(host, names.SummariesContainer, id);

        // At-least-once delivery: the same version arrives again.
        var ingestor = host.Services.GetRequiredService<ArticleIngestor>();
        var again = await ingestor.IngestAsync("twice.md");
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([id], again!.ArticleIds);
        Assert.Equal(articleBefore, await BlobVersionAsync(host, names.ArticlesContainer, id));
        Assert.Equal(summaryBefore, await BlobVersionAsync(host, names.SummariesContainer, id));
        Assert.Equal(0, await host.Get<SummariseQueue>().CountAsync());
    }

    /// <summary>The ETag of a stored JSON document, read from the blob itself: unchanged means it was not rewritten.</summary>
    private static async Task<Azure.ETag> BlobVersionAsync(LocalPipelineHost host, string container, string articleId) =>
        (await host.Get<StorageClients>().Blobs.GetBlobContainerClient(container).GetBlobClient(articleId + ".json").GetPropertiesAsync()).Value.ETag;

    [Fact]
    public async Task ArticleTrace_RunsFromBlobThroughQueueToSummary()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        var name = $"traced-{Guid.NewGuid():N}.txt";

        await host.Get<IncomingBlobs>().UploadAsync(name, BinaryData.FromString(
            "Tram line extended\n\nThe tram line will be extended to the airport by 2028, the transport authority said on Monday. Trams will run every ten minutes."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var parse = Assert.Single(spans, a => a.DisplayName == "ParseArticle" && (string?)a.GetTagItem("pipeline.blob.name") == name);
        var articleId = (string)parse.GetTagItem("pipeline.article.ids")!;
        var summarise = Assert.Single(spans, a => a.DisplayName == "SummariseArticle" && (string?)a.GetTagItem("pipeline.article.id") == articleId);
        Assert.Equal(parse.TraceId, summarise.TraceId);
    }
}
