using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// Files dropped under hostile names (dot segments, combining and bidi characters, emoji, percent signs, spaces, a
/// 1,024-character name) go through the real host on a real Azurite: each is ingested, or quarantined with a reason,
/// its article and quarantined copy point back to exactly that name, nothing is written outside the test's own
/// containers, and <c>status --verify</c> accounts for every one.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HostileBlobNameTests(AzuriteFixture azurite)
{
    /// <summary>Azure's longest blob name; a name of 1,024 characters, in segments of at most 254 (Azure's segment limit).</summary>
    private static readonly string LongName = string.Join('/', Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 200))) + "/" + new string('z', 1024 - (5 * 201) - 4) + ".txt";

    /// <summary>Names storage stores as they are; the first ones are dropped empty, to be quarantined under that name.</summary>
    private static readonly string[] Names =
    [
        "a%2Fb.txt",
        "\u202Egnp.txt\u202C rtl override.txt",
        "%00.txt",
        "cafe\u0301 combining.txt",
        "\u05E9\u05DC\u05D5\u05DD hebrew.txt",
        "news \U0001F4F0 emoji.txt",
        "100% sure%.txt",
        "%2e%2e%2fencoded-dots.txt",
        "  leading and trailing spaces  .txt",
        "tab\there.txt",
        "question?mark#hash&amp.txt",
        "./dot/./resolved.txt",
        LongName,
    ];

    private static readonly string[] Empty = ["a%2Fb.txt", "\u202Egnp.txt\u202C rtl override.txt", "%00.txt"];

    /// <summary>Names whose dot segments climb out of the container: storage refuses them.</summary>
    private static readonly string[] Refused = ["../escape.txt", "a/../../escape.txt"];

    /// <summary>Storage stores '\' as '/': this one is stored as <c>../backslash/unreadable.txt</c>, which no client can address.</summary>
    private const string Backslashed = "..\\backslash\\unreadable.txt";

    private const string Unreadable = "../backslash/unreadable.txt";

    /// <summary>What the client's URL makes of a name: dot segments are resolved before storage sees them.</summary>
    private static string Stored(string name) => name == "./dot/./resolved.txt" ? "dot/resolved.txt" : name;

    [Fact]
    public async Task Ingest_HostileNames_EachIngestedOrQuarantinedUnderItsOwnNameAndNothingWrittenElsewhere()
    {
        Assert.Equal(1024, LongName.Length);
        var suffix = TestStorage.NewSuffix();
        var blobService = new BlobServiceClient(azurite.ConnectionString);
        var before = await ContainersAsync(blobService);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, suffix: suffix);
        var incoming = host.Get<IncomingBlobs>();
        for (var i = 0; i < Names.Length; i++)
        {
            var text = Empty.Contains(Names[i]) ? "" : $"Harbour notice {i}\n\nThe harbour master says berth {i} closes for dredging on day {i + 1}. Vessels are asked to use berth {i + 40} instead.";
            await incoming.UploadAsync(Names[i], BinaryData.FromString(text));
        }

        await incoming.UploadAsync(Backslashed, BinaryData.FromString("Backslashes\n\nStored with slashes."));
        foreach (var name in Refused)
        {
            var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => incoming.UploadAsync(name, BinaryData.FromString("Escape\n\nOut of the container.")));
            Assert.Equal(("InvalidResourceName", 400), (refused.ErrorCode, refused.Status));
        }

        // Each name is stored as given (no escape decoded on the way in), but for the dot segments the client resolves.
        var stored = new List<string>();
        await foreach (var blob in incoming.ListAsync())
        {
            stored.Add(blob.Name);
        }

        Assert.Equal(Names.Select(Stored).Append(Unreadable).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(120));

        var ledger = host.Get<IngestionLedger>();
        var articles = host.Get<ArticleStore>();
        var quarantine = host.Get<QuarantineStore>();
        var summaries = host.Get<SummaryStore>();
        foreach (var name in Names.Select(Stored))
        {
            var version = (await incoming.GetAsync(name))!.Version;
            var record = await ledger.GetAsync(name, version);
            Assert.True(record is not null, $"no ingestion record for '{name}'");
            if (Empty.Contains(name))
            {
                Assert.Equal("empty", record.ReasonCode);
                var file = await quarantine.GetAsync(name);
                Assert.True(file is not null, $"'{name}' is not in quarantine under its own name");
                Assert.Equal("empty", file.ReasonCode);
                continue;
            }

            var id = Assert.Single(record.ArticleIds);
            var article = await articles.GetAsync(id);
            Assert.Equal([name], article!.Sources);
            Assert.NotNull(await summaries.GetAsync(id));
        }

        // Nothing outside the test's containers, and nothing in them but what the pipeline names itself.
        var created = (await ContainersAsync(blobService)).Except(before).ToList();
        Assert.All(created, c => Assert.True(c.EndsWith(suffix, StringComparison.Ordinal) || c == "azure-webjobs-hosts", c));
        // The WebJobs host keeps its locks and timers there, under its own host id, and nothing named for a blob.
        var hostFiles = (await NamesAsync(blobService.GetBlobContainerClient("azure-webjobs-hosts"))).Where(n => n.Contains(suffix, StringComparison.Ordinal)).ToList();
        Assert.All(hostFiles, n => Assert.Matches($"^(locks|timers)/test-{suffix}/Pipeline\\.Cli\\.Hosting\\.LocalFunctions\\.", n));
        var quarantined = await NamesAsync(blobService.GetBlobContainerClient("quarantine-" + suffix));
        Assert.Equal(Empty.Order(StringComparer.Ordinal), quarantined.Order(StringComparer.Ordinal));
        Assert.All(await NamesAsync(blobService.GetBlobContainerClient("articles-" + suffix)), n => Assert.Matches("^[0-9a-f]+\\.json$", n));
        Assert.All(await NamesAsync(blobService.GetBlobContainerClient("summaries-" + suffix)), n => Assert.Matches("^[0-9a-f]+\\.json$", n));

        // The quarantined copies go back under the same hostile names.
        await host.Get<QuarantineStore>().RequeueAsync("a%2Fb.txt");
        Assert.NotNull(await incoming.GetAsync("a%2Fb.txt"));
        Assert.Null(await quarantine.GetAsync("a%2Fb.txt"));

        var settings = new Dictionary<string, string?>(TestStorage.Settings(azurite.ConnectionString, suffix)) { [LocalPipelineHost.HostIdSetting] = "test-" + suffix };
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        using var verify = PipelineProcess.Start(settings, "status", "--verify", "--json");
        // Every file is accounted for; the one that cannot be read is named, with what to do, and fails the check.
        Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 1, verify.Output);
        var report = JsonDocument.Parse(verify.Output).RootElement;
        var counts = report.GetProperty("counts").GetProperty("blobs");
        Assert.Equal((Names.Length - Empty.Length, Empty.Length, 1), (counts.GetProperty("parsed").GetInt32(), counts.GetProperty("quarantined").GetInt32(), counts.GetProperty("unreadable-name").GetInt32()));
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal((Unreadable, "unreadable-name"), (problem.GetProperty("item").GetString(), problem.GetProperty("state").GetString()));
        Assert.Contains("drop it again under a name without such segments", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HashSet<string>> ContainersAsync(BlobServiceClient service)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var container in service.GetBlobContainersAsync())
        {
            names.Add(container.Name);
        }

        return names;
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
