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

    /// <summary>
    /// 40 small articles (about 734 tokens charged per call) against a 20,000-token quota: more than a minute's worth,
    /// so the client's limiter (bucket of 20,000/6 refilled at 20,000/60 per second) has to pace the calls and the
    /// fake's window is reached; without the limiter all 40 calls would be asked for within seconds.
    /// </summary>
    [Fact]
    public async Task BenchE2e_OpenAIFakeWithABindingQuota_EveryArticleGetsAnLlmSummaryCallsOverlapAndTheQuotaHolds()
    {
        const int Articles = 40;
        const int Quota = 20_000;
        var result = Path.Combine(Path.GetTempPath(), $"bench-e2e-fake-{Guid.NewGuid():N}.json");
        try
        {
            using var bench = PipelineProcess.Start(
                new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null },
                "bench", "e2e", "--articles", $"{Articles}", "--size", "small", "--summariser", "openai-fake", "--fake-tpm", $"{Quota}", "--out", result, "--timeout", "400");

            var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(8));

            Assert.True(exitCode == 0, $"bench e2e exited with {exitCode}:\n{bench.Output}");
            var lastLine = bench.Output.TrimEnd().Split('\n')[^1].Trim();
            Assert.Matches(@"^e2e: n=40 throughput=\d+(\.\d)?/s p50=\d+ms p95=\d+ms peak_mb=\d+ lost=0 dup=0 llm_calls=\d+ llm_max_in_flight=\d+ llm_429=\d+ llm_tokens=\d+ llm_max_tpm=\d+/20000 summaries_llm=40 summaries_fallback=0$", lastLine);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
            var root = json.RootElement;
            Assert.Equal(Articles, root.GetProperty("counts").GetProperty("summarised").GetInt32());
            Assert.Equal(0, root.GetProperty("counts").GetProperty("lost").GetInt32());
            // Every article summarised by the model: any 429 was retried, none fell back to the extractive summariser.
            Assert.Equal(Articles, root.GetProperty("summaryMethods").GetProperty("llm").GetInt32());
            Assert.Single(root.GetProperty("summaryMethods").EnumerateObject());
            Assert.Empty(root.GetProperty("fallbackReasons").EnumerateObject());

            var llm = root.GetProperty("llm");
            var calls = llm.GetProperty("calls").GetInt32();
            var refused = llm.GetProperty("tooManyRequests").GetInt32();
            Assert.Equal(Articles, llm.GetProperty("completed").GetInt32());
            Assert.Equal(calls, Articles + refused);
            Assert.True(llm.GetProperty("maxInFlight").GetInt32() > 1, $"the calls never overlapped:\n{llm}");
            // The fake's own count: never more admitted in a minute than the quota...
            Assert.InRange(llm.GetProperty("maxTokensAdmittedInAMinute").GetInt64(), 1, Quota);
            // ...and the client asked for no more than its limiter lets through in a minute (a sixth of the quota as a
            // burst, then the quota), give or take one call of about 800 tokens in transit.
            Assert.InRange(llm.GetProperty("maxTokensAskedInAMinute").GetInt64(), 1, (Quota * 7 / 6) + 800);
            Assert.True(llm.GetProperty("promptTokens").GetInt64() > Quota / 2, $"the run asked for too little to test the quota:\n{llm}");
        }
        finally
        {
            File.Delete(result);
        }
    }
}
