using System.Text;
using System.Text.Json;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// Files that take the parser and summariser to their limits, dropped with 50 ordinary ones into the real host on a
/// real Azurite: every ordinary file is still ingested and summarised, and each pathological one ends as articles or
/// quarantined with a reason, as <c>status --verify</c> accounts for them.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Fault")]
public sealed class PathologicalFileTests(AzuriteFixture azurite)
{
    private const int Ordinary = 50;

    /// <summary>The default Ingestion:MaxFileBytes (10 MiB).</summary>
    private const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The default Ingestion:MaxArticlesPerFile.</summary>
    private const int MaxArticles = 1000;

    [Fact]
    public async Task Ingest_PathologicalFilesAmongOrdinaryOnes_EveryOrdinaryFileSummarisedAndEachPathologicalOneAccountedFor()
    {
        var suffix = TestStorage.NewSuffix();
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, suffix: suffix);
        var incoming = host.Get<IncomingBlobs>();

        // First in the queue: one file just under the size limit, of 130,000 distinct sentences (one article,
        // the most text a summary is made from); HTML nested 100,000 deep; and a JSON array of as many articles as a
        // file may hold, which floods the summarise queue ahead of the ordinary files.
        await incoming.UploadAsync("pathological/just-under-the-limit.txt", BinaryData.FromBytes(DistinctSentences(MaxFileBytes - 1)));
        await incoming.UploadAsync("pathological/html-nested-100000.html", BinaryData.FromString(
            "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<p>Deep inside.</p>" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>"));
        await incoming.UploadAsync("pathological/json-1000-articles.json", BinaryData.FromString(
            "[" + string.Join(',', Enumerable.Range(0, MaxArticles).Select(i => $"{{\"title\":\"Tide table {i}\",\"body\":\"High water at berth {i} is at {i % 24:D2}:{i % 60:D2} on day {i % 28 + 1}. Pilots board at buoy {i % 17}.\"}}")) + "]"));
        for (var i = 0; i < Ordinary; i++)
        {
            await incoming.UploadAsync($"ordinary/{i:D2}.txt", BinaryData.FromString(
                $"Ferry timetable {i}\n\nThe ferry on route {i} will leave at {i % 12 + 6} o'clock from pier {i % 5}. Passengers for stop {i} change at the harbour."));
        }

        await host.WaitUntilIdleAsync(TimeSpan.FromMinutes(5));

        var ledger = host.Get<IngestionLedger>();
        var summaries = host.Get<SummaryStore>();
        for (var i = 0; i < Ordinary; i++)
        {
            var name = $"ordinary/{i:D2}.txt";
            var record = await ledger.GetAsync(name, (await incoming.GetAsync(name))!.Version);
            Assert.True(record is { ArticleIds.Count: 1, ReasonCode: null }, $"{name} was not ingested into one article");
            Assert.True(await summaries.GetAsync(record.ArticleIds[0]) is not null, $"{name} has no summary");
        }

        var big = await RecordAsync(host, "pathological/just-under-the-limit.txt");
        Assert.Null(big.ReasonCode);
        Assert.NotNull(await summaries.GetAsync(Assert.Single(big.ArticleIds)));
        Assert.Equal("no-article-text", (await RecordAsync(host, "pathological/html-nested-100000.html")).ReasonCode);
        Assert.NotNull(await host.Get<QuarantineStore>().GetAsync("pathological/html-nested-100000.html"));
        Assert.Equal(MaxArticles, (await RecordAsync(host, "pathological/json-1000-articles.json")).ArticleIds.Count);

        var settings = new Dictionary<string, string?>(TestStorage.Settings(azurite.ConnectionString, suffix)) { [LocalPipelineHost.HostIdSetting] = "test-" + suffix };
        using var verify = PipelineProcess.Start(settings, "status", "--verify", "--json");
        Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, verify.Output);
        var counts = JsonDocument.Parse(verify.Output).RootElement.GetProperty("counts");
        Assert.Equal((Ordinary + 2, 1), (counts.GetProperty("blobs").GetProperty("parsed").GetInt32(), counts.GetProperty("blobs").GetProperty("quarantined").GetInt32()));
        Assert.Equal(Ordinary + 1 + MaxArticles, counts.GetProperty("articles").GetProperty("summarised").GetInt32());
    }

    private static async Task<Pipeline.Core.Ingestion.IngestionRecord> RecordAsync(LocalPipelineHost host, string name)
    {
        var record = await host.Get<IngestionLedger>().GetAsync(name, (await host.Get<IncomingBlobs>().GetAsync(name))!.Version);
        Assert.True(record is not null, $"{name} has no ingestion record");
        return record;
    }

    /// <summary>Plain text of exactly <paramref name="length"/> bytes, every sentence different, in paragraphs of five.</summary>
    private static byte[] DistinctSentences(int length)
    {
        var text = new StringBuilder("Harbour report\n\n", length + 200);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("Clause ").Append(i).Append(" of the harbour report moves mooring ").Append(i % 977).Append(" to quay ").Append(i % 31).Append(". ");
            if (i % 5 == 4)
            {
                text.Append("\n\n");
            }
        }

        text.Length = length;
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
