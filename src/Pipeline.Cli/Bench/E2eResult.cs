using System.Globalization;
using System.Text.Json.Serialization;

namespace Pipeline.Cli.Bench;

/// <summary>What <c>bench e2e</c> measured: written as JSON, summarised on the last line.</summary>
internal sealed record E2eResult
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Machine { get; init; }

    public required int Articles { get; init; }

    public required string Size { get; init; }

    public required string Summariser { get; init; }

    public required E2eSettings Settings { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>Files dropped per second, from the first upload to the last summary.</summary>
    public required double ThroughputPerSecond { get; init; }

    /// <summary>Drop-to-summary latency per article: the summary's CreatedAt minus when its file's upload returned.</summary>
    public required Distribution LatencyMs { get; init; }

    /// <summary>Where the time goes, per article (see the README's Performance section for what each stage spans).</summary>
    public required IReadOnlyDictionary<string, Distribution> StagesMs { get; init; }

    /// <summary>The peak working set of this process, which hosts the pipeline in-process.</summary>
    public required double PeakWorkingSetMb { get; init; }

    public required string PeakWorkingSetOf { get; init; }

    public required double? AzuriteCpuSeconds { get; init; }

    public required double BenchProcessCpuSeconds { get; init; }

    public required E2eCounts Counts { get; init; }

    /// <summary>How many stored summaries came from each method (<c>llm</c>, <c>extractive</c>, <c>extractive-fallback</c>).</summary>
    public required IReadOnlyDictionary<string, int> SummaryMethods { get; init; }

    /// <summary>Fallbacks by reason code (<c>rate-limited</c>, <c>retries-exhausted</c>, ...); empty when none fell back.</summary>
    public required IReadOnlyDictionary<string, int> FallbackReasons { get; init; }

    /// <summary>What the fake model saw, for <c>--summariser openai-fake</c>; absent otherwise.</summary>
    public LlmFakeStats? Llm { get; init; }

    public required string Note { get; init; }

    public string LastLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"e2e: n={Articles} throughput={ThroughputPerSecond:0.0}/s p50={LatencyMs.P50:0}ms p95={LatencyMs.P95:0}ms peak_mb={PeakWorkingSetMb:0} lost={Counts.Lost} dup={Counts.Duplicated}")
        + (Llm is { } llm
            ? string.Create(
                CultureInfo.InvariantCulture,
                $" llm_calls={llm.Calls} llm_max_in_flight={llm.MaxInFlight} llm_429={llm.TooManyRequests} llm_tokens={llm.PromptTokens + llm.CompletionTokens} llm_max_tpm={llm.MaxTokensAdmittedInAMinute}/{llm.TokensPerMinuteLimit} summaries_llm={SummaryMethods.GetValueOrDefault(Core.Summarisation.SummaryMethods.Llm)} summaries_fallback={SummaryMethods.GetValueOrDefault(Core.Summarisation.SummaryMethods.ExtractiveFallback)}")
            : "");
}

internal sealed record E2eSettings(int FeedIntervalMs, int MaxPollingIntervalMs, int BatchSize, int NewBatchThreshold, int VisibilityTimeoutMs, int BlobParallelism, int ProgressIntervalMs);

/// <summary>
/// The accounting, from storage: files ingested (a ledger record for the dropped version), articles produced,
/// articles summarised, files quarantined, duplicated (a version ingested more than once or an article summarised
/// more than once) and lost (a dropped file with no ledger record, or an article without a summary).
/// </summary>
internal sealed record E2eCounts(int Dropped, int Ingested, int Articles, int Summarised, int Quarantined, int FailedFiles, int FailedSummaries, int LedgerWritesSeen, int DuplicateIngestions, int DuplicateSummaries, int LostFiles, int LostArticles)
{
    public int Duplicated => DuplicateIngestions + DuplicateSummaries;

    public int Lost => LostFiles + LostArticles;
}

/// <summary>
/// What <see cref="FakeChatServer"/> saw: requests, answered ones, 429s, the most answered at once, the tokens billed
/// (prompt and completion of answered requests), and the most tokens charged (prompt + <c>max_tokens</c>) within any
/// 60 seconds, admitted and asked for.
/// </summary>
internal sealed record LlmFakeStats(
    int Calls,
    int Completed,
    int TooManyRequests,
    int BadRequests,
    int MaxInFlight,
    long PromptTokens,
    long CompletionTokens,
    int TokensPerMinuteLimit,
    long MaxTokensAdmittedInAMinute,
    long MaxTokensAskedInAMinute,
    string LatencyMs);

internal sealed record Distribution(int Count, double P50, double P95, double Max, double Mean)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, 0, 0, 0, 0);
        }

        return new Distribution(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Math.Round(sorted[^1], 1), Math.Round(sorted.Average(), 1));
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(E2eResult))]
internal sealed partial class E2eResultJson : JsonSerializerContext;
