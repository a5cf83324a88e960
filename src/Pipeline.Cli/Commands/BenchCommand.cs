using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cli.Bench;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench e2e</c>: end-to-end speed through real storage (issue #11).</summary>
internal sealed class BenchCommand
{
    private readonly Option<int> _articles = new("--articles")
    {
        Description = "How many files to drop at once",
        HelpName = "n",
        Required = true,
        CustomParser = OptionParsers.WholeNumber(1, 1_000_000),
    };

    private readonly Option<string> _size = new("--size")
    {
        Description = "small (~55-word txt), mixed (txt, html, md and json of 100-5,000 words) or large (5,000-word html)",
        HelpName = "small|mixed|large",
        DefaultValueFactory = _ => "small",
    };

    private readonly Option<string> _summariser = new("--summariser")
    {
        Description = "extractive (local), or openai-fake (an in-process OpenAI-compatible server with 300-1,500 ms replies and a TPM limit)",
        HelpName = "extractive|openai-fake",
        DefaultValueFactory = _ => "extractive",
    };

    private readonly Option<int> _fakeTpm = new("--fake-tpm")
    {
        Description = "openai-fake's tokens-per-minute quota (prompt + max_tokens charged per request, 429 with Retry-After past it); the summariser's limiter is set to the same",
        HelpName = "tokens",
        DefaultValueFactory = _ => E2eOptions.DefaultFakeTokensPerMinute,
        CustomParser = OptionParsers.WholeNumber(1000, 100_000_000),
    };

    private readonly Option<int> _fakeSeed = new("--fake-seed")
    {
        Description = "Seed of openai-fake's reply delays",
        HelpName = "n",
        DefaultValueFactory = _ => 11,
        CustomParser = OptionParsers.WholeNumber(0),
    };

    private readonly Option<FileInfo?> _out = new("--out") { Description = "Write the JSON result to this file", HelpName = "result.json" };

    private readonly Option<int> _feedInterval = new("--feed-interval")
    {
        Description = "How often the blob-change feed lists incoming",
        HelpName = "ms",
        DefaultValueFactory = _ => 500,
        CustomParser = OptionParsers.WholeNumber(10, 60_000),
    };

    private readonly Option<int?> _maxPolling = new("--max-polling") { Description = "Local:Queues:MaxPollingInterval for the run", HelpName = "ms", CustomParser = r => OptionParsers.WholeNumber(10, 600_000)(r) };
    private readonly Option<int?> _batchSize = new("--batch-size") { Description = "Local:Queues:BatchSize for the run", HelpName = "n", CustomParser = r => OptionParsers.WholeNumber(1, 32)(r) };
    private readonly Option<int?> _newBatchThreshold = new("--new-batch-threshold") { Description = "Local:Queues:NewBatchThreshold for the run", HelpName = "n", CustomParser = r => OptionParsers.WholeNumber(0, 1000)(r) };
    private readonly Option<int?> _visibility = new("--visibility-timeout") { Description = "Local:Queues:VisibilityTimeout (retry delay) for the run", HelpName = "ms", CustomParser = r => OptionParsers.WholeNumber(0, 600_000)(r) };

    private readonly Option<int?> _blobParallelism = new("--blob-parallelism") { Description = "Local:Blobs:MaxDegreeOfParallelism (files parsed at once) for the run", HelpName = "n", CustomParser = r => OptionParsers.WholeNumber(1, 256)(r) };

    private readonly Option<int> _progressInterval = new("--progress-interval")
    {
        Description = "How often the bench reads progress from storage (each read lists incoming, the ledger and the summaries)",
        HelpName = "ms",
        DefaultValueFactory = _ => 2000,
        CustomParser = OptionParsers.WholeNumber(50, 60_000),
    };

    private readonly Option<int> _timeout = new("--timeout")
    {
        Description = "Give up after this long",
        HelpName = "seconds",
        DefaultValueFactory = _ => 900,
        CustomParser = OptionParsers.WholeNumber(1),
    };

    public BenchCommand()
    {
        _size.AcceptOnlyFromAmong("small", "mixed", "large");
        _summariser.AcceptOnlyFromAmong("extractive", "openai-fake");
    }

    public Command Create()
    {
        var e2e = new Command(
            "e2e",
            "Start Azurite on free ports (or use AzureWebJobsStorage), run the local host, drop N generated files at once, and report throughput, drop-to-summary latency, peak memory, Azurite's CPU and what was lost or duplicated.")
        {
            _articles, _size, _summariser, _fakeTpm, _fakeSeed, _out, _feedInterval, _maxPolling, _batchSize, _newBatchThreshold, _visibility, _blobParallelism, _progressInterval, _timeout,
        };
        e2e.SetAction((result, cancellationToken) => RunAsync(
            new E2eOptions(
                result.GetValue(_articles),
                Enum.Parse<BenchSize>(result.GetValue(_size)!, ignoreCase: true),
                result.GetValue(_summariser)!,
                result.GetValue(_feedInterval),
                result.GetValue(_maxPolling),
                result.GetValue(_batchSize),
                result.GetValue(_newBatchThreshold),
                result.GetValue(_visibility),
                result.GetValue(_blobParallelism),
                result.GetValue(_progressInterval),
                TimeSpan.FromSeconds(result.GetValue(_timeout)),
                result.GetValue(_fakeTpm),
                result.GetValue(_fakeSeed)),
            result.GetValue(_out),
            cancellationToken));
        return new Command("bench", "Measure the pipeline's speed.") { e2e };
    }

    private static async Task<int> RunAsync(E2eOptions options, FileInfo? output, CancellationToken cancellationToken)
    {
        if (output?.Directory is { Exists: false } folder)
        {
            throw new CommandLineException($"--out: no such folder: {folder.FullName}");
        }

        var result = await E2eBench.RunAsync(options, Say, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(result, E2eResultJson.Default.E2eResult);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output.FullName, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            Say($"result written to {output.FullName}");
        }
        else
        {
            Console.WriteLine(json);
        }

        var c = result.Counts;
        Say(string.Create(CultureInfo.InvariantCulture, $"files: {c.Dropped} dropped, {c.Ingested} ingested, {c.Quarantined} quarantined, {c.FailedFiles} failed; articles: {c.Articles}, {c.Summarised} summarised, {c.FailedSummaries} failed"));
        Say("summaries by method: " + string.Join(", ", result.SummaryMethods.Select(m => $"{m.Key} {m.Value}"))
            + (result.FallbackReasons.Count > 0 ? "; fallback reasons: " + string.Join(", ", result.FallbackReasons.Select(r => $"{r.Key} {r.Value}")) : ""));
        if (result.Llm is { } llm)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"openai-fake: {llm.Calls} calls, {llm.Completed} answered, {llm.TooManyRequests} refused with 429, at most {llm.MaxInFlight} in flight; {llm.PromptTokens:N0} prompt + {llm.CompletionTokens:N0} completion tokens; at most {llm.MaxTokensAdmittedInAMinute:N0} tokens admitted (and {llm.MaxTokensAskedInAMinute:N0} asked for) in any minute, limit {llm.TokensPerMinuteLimit:N0}"));
        }

        Console.WriteLine(result.LastLine());
        return c.Lost + c.Duplicated + c.FailedFiles + c.FailedSummaries > 0 ? 1 : 0;
    }

    private static void Say(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline: {message}"));
}
