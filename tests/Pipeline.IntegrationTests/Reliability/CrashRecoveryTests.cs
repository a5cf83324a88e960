using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// The real <c>pipeline up</c> process, SIGKILLed at several moments of a burst, then <c>up --once</c> and
/// <c>status --verify</c>: nothing lost, nothing summarised twice.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class CrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int FilesPerRound = 34;

    private const int RunFiles = 300;

    [Fact]
    public async Task Up_KilledDuringABurst_UpOnceFinishesAndVerifyAccountsForEveryFile()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = TestStorage.ChildHostSettings(azurite.ConnectionString, suffix, "fault-");
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

    /// <summary>
    /// One run of 300 files, and the host SIGKILLed ten times, each time at a different moment of it: three kills
    /// 0.5 s, 1 s and 1.5 s after a (re)started host says its functions run (announcing, the first parses), then
    /// seven as the run crosses 30, 70, 110, 150, 190, 230 and 270 summaries (parsing and summarising under way).
    /// Milestones rather than clock offsets, so that every kill lands inside the run on a fast machine and a slow one.
    /// After the tenth, <c>up --once</c> finishes the run: every file parsed once, every article summarised once.
    /// </summary>
    [Fact]
    public async Task Up_KilledAtTenMomentsOfA300FileRun_UpOnceFinishesWithEveryFileParsedAndSummarisedOnce()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var suffix = TestStorage.NewSuffix();
        var settings = TestStorage.ChildHostSettings(azurite.ConnectionString, suffix, "kill10-");
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        var ledger = stores.GetRequiredService<IngestionLedger>();
        var summaries = stores.GetRequiredService<SummaryStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, RunFiles), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await incoming.UploadAsync($"run/{i:D3}.txt", BinaryData.FromString(StorageOutageTests.Bulletin(i)), ct));

        var announced = stores.GetRequiredService<AnnouncedBlobs>();
        async Task<(int Announced, int Ingested, int Summarised)> MomentAsync() =>
            ((await announced.ListAsync()).Count, (await ledger.ListAsync()).Count, (await summaries.ListIdsAsync()).Count);
        var moments = new List<(int Announced, int Ingested, int Summarised)> { (0, 0, 0) };
        var killAt = new (double Seconds, int Summaries)[]
        {
            (0.5, 0), (1.0, 0), (1.5, 0), (0, 30), (0, 70), (0, 110), (0, 150), (0, 190), (0, 230), (0, 270),
        };
        foreach (var (seconds, milestone) in killAt)
        {
            using var up = PipelineProcess.Start(settings, "up", "--no-seed");
            await up.WaitForOutputAsync("are running", TimeSpan.FromSeconds(60));
            if (milestone == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds));

                // A life that has not moved the run yet (still starting) is not a new moment: let it get going.
                await Eventually.HoldsAsync(async () => await MomentAsync() != moments[^1], TimeSpan.FromSeconds(60), $"progress after {moments[^1]}; got:\n{up.Output}");
            }
            else
            {
                // Past the milestone already (a fast earlier life): one more summary than at the last kill, then.
                // A milestone can also be out of reach for this life: the messages a killed host had taken stay
                // invisible for the queue trigger's lease (10 minutes), which only `up --once` cuts short. So a life
                // that has summarised something and then stands still for 5 s is killed where it stands.
                var target = Math.Max(milestone, moments[^1].Summarised + 1);
                var (last, lastChange) = (moments[^1].Summarised, clock.Elapsed);
                await Eventually.HoldsAsync(
                    async () =>
                    {
                        var count = (await summaries.ListIdsAsync()).Count;
                        if (count != last)
                        {
                            (last, lastChange) = (count, clock.Elapsed);
                        }

                        return count >= target || (count > moments[^1].Summarised && clock.Elapsed - lastChange > TimeSpan.FromSeconds(5));
                    },
                    TimeSpan.FromSeconds(90),
                    $"{target} summaries, or any and then a 5 s standstill; got:\n{up.Output}");
            }

            up.Kill();
            var moment = await MomentAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: kill {moments.Count} ({(milestone == 0 ? $"{seconds} s after start" : $"at {milestone} summaries")}): {moment.Announced} announced, {moment.Ingested}/{RunFiles} files ingested, {moment.Summarised} summarised");
            moments.Add(moment);
        }

        // Each kill landed inside the run (work left to do) and at a point of it no other kill did.
        Assert.All(moments, m => Assert.True(m.Summarised < RunFiles, $"a kill landed after the run was done: {m}"));
        Assert.Equal(moments.Count, moments.Distinct().Count());

        using (var once = PipelineProcess.Start(settings, "up", "--once", "--no-seed", "--timeout", "120"))
        {
            Assert.True(await once.WaitForExitAsync(TimeSpan.FromSeconds(150)) == 0, once.Output);
            Assert.DoesNotContain("   at ", once.Output, StringComparison.Ordinal);
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: up --once done");
        using var verify = PipelineProcess.Start(settings, "status", "--verify", "--json");
        Assert.True(await verify.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, verify.Output);
        var counts = JsonDocument.Parse(verify.Output).RootElement.GetProperty("counts");
        Assert.Equal(RunFiles, counts.GetProperty("blobs").GetProperty("parsed").GetInt32());
        Assert.Equal(RunFiles, counts.GetProperty("articles").GetProperty("summarised").GetInt32());
        Assert.Equal(RunFiles, (await summaries.ListIdsAsync()).Count);
        Assert.Equal(RunFiles, await stores.GetRequiredService<ArticleStore>().CountAsync());
    }
}
