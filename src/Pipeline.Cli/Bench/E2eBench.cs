using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Cli.Commands;
using Pipeline.Cli.Hosting;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Cli.Bench;

/// <summary>What one <c>bench e2e</c> run does; null queue settings keep the local host's defaults.</summary>
internal sealed record E2eOptions(
    int Articles,
    BenchSize Size,
    string Summariser,
    int FeedIntervalMs,
    int? MaxPollingIntervalMs,
    int? BatchSize,
    int? NewBatchThreshold,
    int? VisibilityTimeoutMs,
    int? BlobParallelism,
    int ProgressIntervalMs,
    TimeSpan Timeout,
    int FakeTokensPerMinute = E2eOptions.DefaultFakeTokensPerMinute,
    int FakeSeed = 11)
{
    /// <summary>The fake model's quota unless <c>--fake-tpm</c> says otherwise: small enough to bind at a few hundred articles.</summary>
    public const int DefaultFakeTokensPerMinute = 100_000;

    /// <summary>The model name the bench configures for the fake.</summary>
    public const string FakeModel = "gpt-4o-mini-fake";
}

/// <summary>
/// <c>pipeline bench e2e</c>: starts Azurite on a fresh data folder and free ports (or uses the account in
/// <c>AzureWebJobsStorage</c>), starts the same <see cref="LocalPipelineHost"/> <c>up</c> runs, drops N generated
/// files into <c>incoming</c> at once from a separate client, waits until every file is ingested and every article
/// summarised (or failed), and accounts for each from storage.
/// </summary>
internal static class E2eBench
{
    public static async Task<E2eResult> RunAsync(E2eOptions options, Action<string> say, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var dataFolder = Path.Combine(root, ".pipeline", "bench", runId);
        try
        {
            await using var azurite = LocalStorage.ConfiguredConnection is null
                ? await Azurite.UseOrStartAsync(root, dataFolder, LocalTools.FreePort(), LocalTools.FreePort(), LocalTools.FreePort(), cancellationToken).ConfigureAwait(false)
                : null;
            var connection = LocalStorage.ConfiguredConnection ?? azurite!.ConnectionString;
            say(azurite is null ? "storage: AzureWebJobsStorage from the environment (Azurite CPU not measured)" : $"azurite: started on 127.0.0.1:{azurite.BlobPort}-{azurite.TablePort}, pid {azurite.ProcessId}, data in {dataFolder}");
            return await RunAsync(options, connection, azurite?.ProcessId, runId, dataFolder, say, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }

    private static async Task<E2eResult> RunAsync(E2eOptions options, string connection, int? azuritePid, string runId, string dataFolder, Action<string> say, CancellationToken cancellationToken)
    {
        var settings = Settings(options, connection, runId, dataFolder);
        await using var fake = options.Summariser == "openai-fake"
            ? FakeChatServer.Start(new FakeChatOptions(options.FakeTokensPerMinute, options.FakeSeed))
            : null;
        if (fake is not null)
        {
            // The settings a user sets for an OpenAI-compatible server, with the client's limiter sized to the quota.
            settings[$"{AzureOpenAIOptions.SectionName}:{nameof(AzureOpenAIOptions.Endpoint)}"] = "";
            settings[$"{OpenAICompatibleOptions.SectionName}:{nameof(OpenAICompatibleOptions.BaseUrl)}"] = new Uri(fake.BaseAddress, "v1").ToString();
            settings[$"{OpenAICompatibleOptions.SectionName}:{nameof(OpenAICompatibleOptions.Model)}"] = E2eOptions.FakeModel;
            settings[$"{OpenAICompatibleOptions.SectionName}:{nameof(OpenAICompatibleOptions.TokensPerMinute)}"] = options.FakeTokensPerMinute.ToString(CultureInfo.InvariantCulture);
            say($"openai-fake: chat completions on {fake.BaseAddress}v1, 300-1,500 ms per reply, {options.FakeTokensPerMinute:N0} tokens per minute (the client's limiter set to the same)");
        }

        var storage = new StorageOptions();
        var tap = new AnnouncementTap(TimeProvider.System);
        var recorder = new StageRecorder(storage.IncomingContainer, storage.ArticlesContainer, storage.SummariesContainer, storage.IngestionsTable, TimeProvider.System);
        await using var host = LocalPipelineHost.Create(
            settings,
            log => log.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true),
            services => services.AddStoragePolicy(recorder, Azure.Core.HttpPipelinePosition.PerCall).AddSingleton(tap));
        var names = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (names.IncomingContainer != storage.IncomingContainer || names.SummariesContainer != storage.SummariesContainer || names.IngestionsTable != storage.IngestionsTable)
        {
            throw new CommandLineException("bench e2e times the default container and table names; unset IncomingContainer, SummariesContainer and IngestionsTable.");
        }

        await host.StartAsync(TimeSpan.FromMilliseconds(options.FeedIntervalMs), cancellationToken).ConfigureAwait(false);

        // The outside client: its own storage clients, without the recorder, as another process would have.
        await using var outside = new ServiceCollection().AddPipelineStorage(LocalStorage.Configuration(connection)).BuildServiceProvider();
        var incoming = outside.GetRequiredService<IncomingBlobs>();
        var files = BenchArticles.Generate("bench-" + runId, options.Articles, options.Size).ToList();
        say($"dropping {files.Count} {options.Size.ToString().ToLowerInvariant()} file(s) ({files.Sum(f => f.Words):N0} words) into {names.IncomingContainer}/bench-{runId}/");

        await using var sampler = new ProcessSampler(TimeSpan.FromMilliseconds(100));
        var azuriteCpuBefore = ProcessSampler.CpuTimeOf(azuritePid);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var firstUpload = DateTimeOffset.UtcNow;
        var uploaded = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            await incoming.UploadAsync(file.Name, file.Content, ct).ConfigureAwait(false);
            uploaded[file.Name] = DateTimeOffset.UtcNow;
        }).ConfigureAwait(false);
        say($"dropped in {(DateTimeOffset.UtcNow - firstUpload).TotalSeconds:0.0} s; waiting for summaries");

        // Behind a binding quota, articles wait on the client's limiter and on Retry-After for many seconds without being
        // stuck; the default 10 s stall check would queue them again (paying twice). A model call gives up within its
        // TotalTimeout, so that is how long nothing may move before the bench calls it a stall.
        var stallAfter = fake is null ? (TimeSpan?)null : new OpenAICompatibleOptions().TotalTimeout;
        var progress = await host.WaitUntilIdleAsync(options.Timeout, p => say($"progress: {p}"), cancellationToken, say, TimeSpan.FromMilliseconds(options.ProgressIntervalMs), stallAfter).ConfigureAwait(false);
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpuAfter = ProcessSampler.CpuTimeOf(azuritePid);
        var peak = sampler.PeakBytes;

        var accounting = await E2eAccounting.ReadAsync(host.Services, files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal), recorder, progress, cancellationToken).ConfigureAwait(false);
        var createdAts = accounting.Summaries.Values.Select(s => s.CreatedAt).ToList();
        var last = createdAts.Count > 0 ? createdAts.Max() : DateTimeOffset.UtcNow;
        var methods = accounting.Summaries.Values.GroupBy(s => s.Method, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var fallbacks = accounting.Summaries.Values.Where(s => s.FallbackReason is not null)
            .GroupBy(s => s.FallbackReason!.Split(':')[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var elapsed = (last - firstUpload).TotalSeconds;
        return new E2eResult
        {
            StartedAt = firstUpload,
            Machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}"),
            Articles = files.Count,
            Size = options.Size.ToString().ToLowerInvariant(),
            Summariser = options.Summariser,
            Settings = EffectiveSettings(options),
            ElapsedSeconds = Math.Round(elapsed, 2),
            ThroughputPerSecond = Math.Round(files.Count / Math.Max(elapsed, 0.001), 1),
            LatencyMs = Distribution.Of(accounting.Latencies(uploaded)),
            StagesMs = accounting.Stages(uploaded, tap.Announced),
            PeakWorkingSetMb = Math.Round(peak / 1048576.0, 1),
            PeakWorkingSetOf = "the bench process, which hosts the pipeline (LocalPipelineHost) in-process",
            AzuriteCpuSeconds = azuriteCpuBefore is { } b && azuriteCpuAfter is { } a ? Math.Round((a - b).TotalSeconds, 2) : null,
            BenchProcessCpuSeconds = Math.Round((cpuAfter - cpuBefore).TotalSeconds, 2),
            Counts = accounting.Counts,
            SummaryMethods = methods,
            FallbackReasons = fallbacks,
            Llm = fake?.Stats(),
            Note = "Host started before the drop, so host start-up is not in the latencies. Upload time is when the outside client's upload returned.",
        };
    }

    private static Dictionary<string, string?> Settings(E2eOptions options, string connection, string runId, string dataFolder)
    {
        var settings = new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionName] = connection,
            [LocalPipelineHost.HostIdSetting] = "bench-" + runId[8..].Replace("-", "", StringComparison.Ordinal),
            // No digests during a run: the timer fires on 1 January only; links would be signed with a throwaway key.
            ["DigestSchedule"] = "0 0 0 1 1 *",
            ["Email:OutboxPath"] = Path.Combine(dataFolder, "outbox"),
            ["Email:PublicBaseUrl"] = "http://localhost:7071",
            ["Email:UnsubscribeTokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        void Set(string key, int? value, bool milliseconds)
        {
            if (value is { } v)
            {
                settings[$"{LocalPipelineHost.QueuesSection}:{key}"] = milliseconds ? TimeSpan.FromMilliseconds(v).ToString("c", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
            }
        }

        Set("MaxPollingInterval", options.MaxPollingIntervalMs, true);
        Set("BatchSize", options.BatchSize, false);
        Set("NewBatchThreshold", options.NewBatchThreshold, false);
        Set("VisibilityTimeout", options.VisibilityTimeoutMs, true);
        if (options.BlobParallelism is { } parallelism)
        {
            settings[$"{LocalPipelineHost.BlobsSection}:MaxDegreeOfParallelism"] = parallelism.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>The settings in force: the host's defaults (LocalPipelineHost) where none were given.</summary>
    private static E2eSettings EffectiveSettings(E2eOptions o) =>
        new(o.FeedIntervalMs, o.MaxPollingIntervalMs ?? 1000, o.BatchSize ?? 16, o.NewBatchThreshold ?? (o.BatchSize ?? 16) / 2 * Environment.ProcessorCount, o.VisibilityTimeoutMs ?? 5000, o.BlobParallelism ?? 8, o.ProgressIntervalMs);
}
