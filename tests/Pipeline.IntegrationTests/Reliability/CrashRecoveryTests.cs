using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// The real <c>pipeline up</c> process, SIGKILLed at several moments of a burst, then <c>up --once</c> and
/// <c>status --verify</c>: nothing lost, nothing summarised twice.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    private const int FilesPerRound = 34;

    [Fact]
    public async Task Up_KilledDuringABurst_UpOnceFinishesAndVerifyAccountsForEveryFile()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = new Dictionary<string, string?>(TestStorage.Settings(azurite.ConnectionString, suffix))
        {
            ["Pipeline:HostId"] = "fault-" + suffix,
            ["DigestSchedule"] = "0 0 0 1 1 *",
            ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "pipeline-outbox-" + suffix),
            ["Reliability:AnnounceGracePeriod"] = "00:00:05",
            ["Reliability:ReconcileInterval"] = "00:00:01",
        };
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        var round = 0;
        foreach (var killAfter in new[] { 0.5, 1.5, 3.0 })
        {
            using var up = PipelineProcess.Start(settings, "up", "--no-seed");
            await up.WaitForOutputAsync("are running", TimeSpan.FromSeconds(60));
            var first = round * FilesPerRound;
            await Parallel.ForEachAsync(Enumerable.Range(first, FilesPerRound), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await incoming.UploadAsync($"burst/{i:D3}.txt", BinaryData.FromString(
                    $"Bulletin number {i}\n\nCouncil bulletin {i} reports that road {i} will close for repairs on day {i % 28 + 1}. " +
                    $"Diversions will be signposted and buses on route {i % 40} will be delayed."), ct));
            await Task.Delay(TimeSpan.FromSeconds(killAfter));
            up.Kill();
            round++;
        }

        using (var once = PipelineProcess.Start(settings, "up", "--once", "--no-seed", "--timeout", "90"))
        {
            Assert.True(await once.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, once.Output);
            Assert.DoesNotContain("   at ", once.Output, StringComparison.Ordinal);
        }

        using var verify = PipelineProcess.Start(settings, "status", "--verify", "--json");
        var exitCode = await verify.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, verify.Output);
        var counts = JsonDocument.Parse(verify.Output).RootElement.GetProperty("counts");
        const int files = 3 * FilesPerRound;
        Assert.Equal(files, counts.GetProperty("blobs").GetProperty("parsed").GetInt32());
        Assert.Equal(files, counts.GetProperty("articles").GetProperty("summarised").GetInt32());
        // One summary per article: created once, never twice, however many times a file was announced or parsed.
        Assert.Equal(files, (await stores.GetRequiredService<SummaryStore>().ListIdsAsync()).Count);
        Assert.Equal(files, await stores.GetRequiredService<ArticleStore>().CountAsync());
    }
}
