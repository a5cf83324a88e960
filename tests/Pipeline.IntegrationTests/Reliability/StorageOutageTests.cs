using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// Storage goes away in the middle of a 300-article run of the real <c>pipeline up --once</c> process, on an Azurite
/// process of the test's own: stopped (SIGTERM) for 40 s and started again, frozen (SIGSTOP) and thawed, killed (SIGKILL) and
/// started again on the data it had saved. The host is never restarted: it must finish by itself, and
/// <c>status --verify</c> must account for every file, with one summary per article.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed partial class StorageOutageTests(ITestOutputHelper output)
{
    private const int Files = 300;

    /// <summary>How far into the run (files ingested) the outage starts: the middle of it.</summary>
    private const int FaultAfterIngested = 60;

    /// <summary>
    /// Longer than the storage clients' default retries (6 tries over about 25 s): the WebJobs SDK's queue listeners
    /// must outlast it, or the SDK ends the process (<see cref="Cli.Hosting.PatientClientFactory"/>).
    /// </summary>
    [Fact]
    public Task Azurite_StoppedFor40sMidRun_HostRecoversWithoutRestartAndVerifyIsClean() =>
        RunThroughOutageAsync(async azurite =>
        {
            await azurite.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(40));
            await azurite.StartAgainAsync();
        });

    [Fact]
    public Task Azurite_FrozenFor30sMidRun_HostRecoversWithoutRestartAndVerifyIsClean() =>
        RunThroughOutageAsync(async azurite =>
        {
            azurite.Freeze();
            await Task.Delay(TimeSpan.FromSeconds(30));
            azurite.Thaw();
        });

    /// <summary>
    /// SIGKILL loses what Azurite had not saved yet (it saves each database every 5 s): the tables, queues and
    /// containers made just before, and the last writes. The host must create them again by itself
    /// (<c>LostResourcePolicy</c>, <c>RecoveringLockManager</c>) and the reconciler must repair what the lost writes
    /// leave behind. The dropped files themselves must survive, or there is nothing to account for (a CI run once
    /// killed Azurite 3.6 s after the upload and it lost all 300 files, which real storage never does): the run
    /// starts once Azurite has saved them (see <see cref="RunThroughOutageAsync"/>).
    /// </summary>
    [Fact]
    public Task Azurite_KilledMidRunAndRestartedOnItsData_HostRecreatesWhatWasLostAndVerifyIsClean() =>
        RunThroughOutageAsync(async azurite =>
        {
            await azurite.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await azurite.StartAgainAsync();
        });

    private async Task RunThroughOutageAsync(Func<AzuriteProcess, Task> outage)
    {
        var clock = Stopwatch.StartNew();
        await using var azurite = await AzuriteProcess.StartAsync();
        var suffix = TestStorage.NewSuffix();
        var settings = TestStorage.ChildHostSettings(azurite.ConnectionString, suffix, "outage-");
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        await Parallel.ForEachAsync(Enumerable.Range(0, Files), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await stores.GetRequiredService<IncomingBlobs>().UploadAsync($"outage/{i:D3}.txt", BinaryData.FromString(Bulletin(i)), ct));

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {Files} files uploaded");

        // The dropped files are acknowledged; wait until Azurite has also saved them (it saves every 5 s), so that a
        // kill takes only the pipeline's own writes, not its input.
        await azurite.WaitForBlobSaveAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: Azurite has saved them");

        using var up = PipelineProcess.Start(settings, "up", "--once", "--no-seed", "--timeout", "150");
        await Eventually.HoldsAsync(() => Task.FromResult(IngestedSoFar(up.Output) >= FaultAfterIngested), TimeSpan.FromSeconds(90), $"{FaultAfterIngested} files ingested; got:\n{up.Output}");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: outage starts at: {LastProgress(up.Output)}");
        await outage(azurite);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: storage is back; the host was: {LastProgress(up.Output)}");

        var exitCode = await up.WaitForExitAsync(TimeSpan.FromSeconds(180));
        var log = Path.Combine(Path.GetTempPath(), $"pipeline-outage-{suffix}.log");
        await File.WriteAllTextAsync(log, up.Output);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: up --once exited with {exitCode}; its output is in {log}; its notes:");
        foreach (var line in up.Output.Split('\n').Where(l => l.StartsWith("pipeline: ", StringComparison.Ordinal) && !l.Contains("progress:", StringComparison.Ordinal)))
        {
            output.WriteLine("  " + line.TrimEnd());
        }

        Assert.True(exitCode == 0, up.Output);
        Assert.DoesNotContain("   at ", up.Output, StringComparison.Ordinal);

        using var verify = PipelineProcess.Start(settings, "status", "--verify", "--json");
        var verifyExit = await verify.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: status --verify exited with {verifyExit}");
        Assert.True(verifyExit == 0, verify.Output);
        var counts = JsonDocument.Parse(verify.Output).RootElement.GetProperty("counts");
        Assert.Equal(Files, counts.GetProperty("blobs").GetProperty("parsed").GetInt32());
        Assert.Equal(Files, counts.GetProperty("articles").GetProperty("summarised").GetInt32());

        // 0 lost and 0 duplicates: one article and one summary per file, whatever storage forgot or replayed.
        Assert.Equal(Files, await stores.GetRequiredService<ArticleStore>().CountAsync());
        Assert.Equal(Files, (await stores.GetRequiredService<SummaryStore>().ListIdsAsync()).Count);
    }

    internal static string Bulletin(int i) =>
        $"Bulletin number {i}\n\nCouncil bulletin {i} reports that road {i} will close for repairs on day {i % 28 + 1}. " +
        $"Diversions will be signposted and buses on route {i % 40} will be delayed.";

    private static int IngestedSoFar(string output) =>
        ProgressLine().Matches(output) is { Count: > 0 } matches ? int.Parse(matches[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static string LastProgress(string output) =>
        ProgressLine().Matches(output) is { Count: > 0 } matches ? matches[^1].Value : "no progress yet";

    [GeneratedRegex(@"progress: (\d+)/\d+ files ingested[^\r\n]*")]
    private static partial Regex ProgressLine();
}
