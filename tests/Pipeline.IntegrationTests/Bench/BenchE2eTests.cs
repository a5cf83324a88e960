using System.Text.Json;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Bench;

/// <summary>
/// <c>pipeline bench e2e</c> as a user runs it: a child process that starts its own Azurite on free ports, drops the
/// files, runs the local host and accounts for every file. Checks the accounting, never the timings.
/// </summary>
public sealed class BenchE2eTests
{
    [Fact]
    public async Task BenchE2e_TwentyMixedFiles_EveryFileIngestedAndEveryArticleSummarisedOnceWithNothingLost()
    {
        var result = Path.Combine(Path.GetTempPath(), $"bench-e2e-{Guid.NewGuid():N}.json");
        try
        {
            // No AzureWebJobsStorage: the bench starts an Azurite of its own.
            using var bench = PipelineProcess.Start(
                new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null },
                "bench", "e2e", "--articles", "20", "--size", "mixed", "--out", result, "--timeout", "300");

            var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(6));

            Assert.True(exitCode == 0, $"bench e2e exited with {exitCode}:\n{bench.Output}");
            var lastLine = bench.Output.TrimEnd().Split('\n')[^1].Trim();
            Assert.Matches(@"^e2e: n=20 throughput=\d+(\.\d)?/s p50=\d+ms p95=\d+ms peak_mb=\d+ lost=0 dup=0$", lastLine);
            Assert.Contains("azurite: started on 127.0.0.1:", bench.Output, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
            var counts = json.RootElement.GetProperty("counts");
            Assert.Equal(20, counts.GetProperty("dropped").GetInt32());
            Assert.Equal(20, counts.GetProperty("ingested").GetInt32());
            Assert.Equal(20, counts.GetProperty("articles").GetInt32());
            Assert.Equal(20, counts.GetProperty("summarised").GetInt32());
            Assert.Equal(0, counts.GetProperty("quarantined").GetInt32());
            Assert.Equal(0, counts.GetProperty("failedFiles").GetInt32() + counts.GetProperty("failedSummaries").GetInt32());
            // The host's own ledger writes, seen on the wire: one per file, so none was ingested twice.
            Assert.Equal(20, counts.GetProperty("ledgerWritesSeen").GetInt32());
            Assert.Equal(0, counts.GetProperty("duplicated").GetInt32());
            Assert.Equal(0, counts.GetProperty("lost").GetInt32());
            Assert.Equal(20, json.RootElement.GetProperty("latencyMs").GetProperty("count").GetInt32());
            Assert.Equal(20, json.RootElement.GetProperty("stagesMs").GetProperty("summarise").GetProperty("count").GetInt32());
            Assert.True(json.RootElement.GetProperty("azuriteCpuSeconds").GetDouble() > 0, "the Azurite the bench started used no CPU");
        }
        finally
        {
            File.Delete(result);
        }
    }
}
