using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Commands;
using Pipeline.Core;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;
using Pipeline.Local;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The four functions hosted on the WebJobs SDK against a storage account (Azurite locally), with the blob-change
/// feed standing in for Event Grid. Used by <c>pipeline up</c> and by the integration tests.
/// </summary>
internal sealed partial class LocalPipelineHost : IAsyncDisposable
{
    /// <summary>The setting that names this host (lower-case letters, digits and dashes, at most 32).</summary>
    public const string HostIdSetting = "Pipeline:HostId";

    /// <summary>The section whose values override the local host's <c>QueuesOptions</c>.</summary>
    public const string QueuesSection = "Local:Queues";

    /// <summary>The section whose values override the local host's <c>BlobsOptions</c> (<c>MaxDegreeOfParallelism</c>: parses at once).</summary>
    public const string BlobsSection = "Local:Blobs";

    private readonly IHost _host;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _feedLoop;
    private Task? _reconcileLoop;

    private LocalPipelineHost(IHost host)
    {
        _host = host;
        Feed = new BlobChangeFeed(
            host.Services.GetRequiredService<IncomingBlobs>(),
            host.Services.GetRequiredService<AnnouncedBlobs>(),
            Tapped(host.Services, new InProcessWebhookSink(host.Services.GetServices<IExtensionConfigProvider>(), LocalFunctions.ParseArticleId)),
            host.Services.GetRequiredService<TimeProvider>(),
            host.Services.GetRequiredService<ILogger<BlobChangeFeed>>());
    }

    public BlobChangeFeed Feed { get; }

    /// <summary>The sink, wrapped in the <see cref="Bench.AnnouncementTap"/> when one is registered (<c>bench e2e</c> times announcements).</summary>
    private static IBlobEventSink Tapped(IServiceProvider services, IBlobEventSink sink) =>
        services.GetService<Bench.AnnouncementTap>()?.Wrap(sink) ?? sink;

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Builds the host. <paramref name="settings"/> override everything else (the storage connection string, say);
    /// environment variables come next; the binding defaults from Core come last.
    /// </summary>
    public static LocalPipelineHost Create(IReadOnlyDictionary<string, string?> settings, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        var builder = new HostBuilder()
            .UseEnvironment(Environments.Development)
            .ConfigureAppConfiguration(config => LocalStorage.AddLayers(config, settings))
            .ConfigureWebJobs((context, webJobs) =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageBlobs(o =>
                {
                    o.MaxDegreeOfParallelism = 8;
                    context.Configuration.GetSection(BlobsSection).Bind(o);
                });
                webJobs.AddAzureStorageQueues(o =>
                {
                    // Locally, poll often: messages enqueued by Core do not wake the listener the way bindings do.
                    o.MaxPollingInterval = TimeSpan.FromSeconds(1);
                    o.BatchSize = 16;
                    o.MaxDequeueCount = 5;
                    o.VisibilityTimeout = TimeSpan.FromSeconds(5);
                    o.MessageEncoding = QueueMessageEncoding.Base64;
                    // Local:Queues:MaxPollingInterval, BatchSize, NewBatchThreshold, VisibilityTimeout override these (bench e2e tunes them).
                    context.Configuration.GetSection(QueuesSection).Bind(o);
                });
                webJobs.AddTimers();
            })
            .ConfigureLogging(log =>
            {
                log.SetMinimumLevel(LogLevel.Information);
                log.AddFilter("Microsoft", LogLevel.Warning);
                // The SDK logs every expected 404 (a missing poison queue, a blob not yet written) as a warning.
                log.AddFilter("Azure", LogLevel.Error);
                log.AddFilter("Host", LogLevel.Warning);
                log.AddFilter("Function", LogLevel.Warning);
                logging?.Invoke(log);
            })
            .ConfigureServices((context, collection) =>
            {
                collection.AddPipeline(context.Configuration);
                RecoveringLockManager.Decorate(collection);
                PatientClientFactory.Decorate(collection);
                collection.AddSingleton<LocalFunctions>();
                collection.AddSingleton<ShardsInFlight>();
                collection.AddSingleton<ITypeLocator>(new FixedTypeLocator(typeof(LocalFunctions)));
                // The host id names the blob-trigger queue and the receipts; hosts sharing a storage account need their own.
                collection.AddSingleton<IHostIdProvider>(new FixedHostIdProvider(context.Configuration[HostIdSetting] ?? "pipeline-local"));
                services?.Invoke(collection);
            });
        return new LocalPipelineHost(builder.Build());
    }

    /// <summary>Creates the storage the pipeline needs, starts the functions, and starts the feed.</summary>
    public async Task StartAsync(TimeSpan feedInterval, CancellationToken cancellationToken = default)
    {
        await Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        _feedLoop = Task.Run(() => Feed.RunAsync(feedInterval, _stopping.Token), CancellationToken.None);
        _reconcileLoop = Task.Run(() => ReconcileLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Runs the reconciler once: announced versions the ledger has not seen within <paramref name="grace"/> (the
    /// configured grace period by default) are announced again by the feed's next poll.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        var result = await Services.GetRequiredService<Reconciler>().ReconcileAsync(grace, cancellationToken).ConfigureAwait(false);
        if (result.Reannounced.Count > 0)
        {
            Feed.Reload();
        }

        return result;
    }

    private async Task ReconcileLoopAsync(CancellationToken cancellationToken)
    {
        var options = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReliabilityOptions>>().Value;
        var (interval, grace) = (options.ReconcileInterval, options.AnnounceGracePeriod);
        var (incoming, time) = (Services.GetRequiredService<IncomingBlobs>(), Services.GetRequiredService<TimeProvider>());
        using var timer = new PeriodicTimer(interval, time);
        var logger = Services.GetRequiredService<ILogger<LocalPipelineHost>>();
        var hostId = await Services.GetRequiredService<IHostIdProvider>().GetHostIdAsync(cancellationToken).ConfigureAwait(false);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // Announcements still queued for the trigger are not late: judge them from the queue's head, not from now.
                var oldest = await incoming.OldestWaitingAnnouncementAsync(hostId, cancellationToken).ConfigureAwait(false);
                await ReconcileAsync(Reconciler.GraceBehind(grace, time.GetUtcNow(), oldest), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageFailures.IsUnavailable(ex))
            {
                LogReconcileStorageUnavailable(logger, StorageFailures.Describe(ex));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogReconcileFailed(logger, ex);
            }
        }
    }

    /// <summary>
    /// Runs one digest pass through the <c>SendDigests</c> function, as the timer would, and waits until the
    /// <c>SendDigest</c> queue trigger has taken every shard it enqueued off the digests queue.
    /// </summary>
    public async Task RunDigestPassAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await _host.Services.GetRequiredService<IJobHost>().CallAsync(
            nameof(LocalFunctions.SendDigests),
            new Dictionary<string, object?> { ["timer"] = new TimerInfo(new ConstantSchedule(TimeSpan.FromMinutes(15)), new ScheduleStatus()) },
            cancellationToken).ConfigureAwait(false);
        var queue = Services.GetRequiredService<DigestsQueue>();
        var inFlight = Services.GetRequiredService<ShardsInFlight>();
        // A bound on real waiting, whatever the host's clock says (the DST tests drive it by hand).
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var waited = System.Diagnostics.Stopwatch.StartNew();

        // Done when the queue is empty; or, while it holds messages nobody can take (a shard a killed host took stays
        // invisible for the queue's lease), when none waits to be taken and this host sends none, three polls in a row
        // (a taken message is handed to its function within milliseconds). That held shard's subscribers are still
        // due, so this pass enqueued them again, and the claims keep them to one digest.
        var quiet = 0;
        while (true)
        {
            if (await queue.HasWaitingAsync(cancellationToken).ConfigureAwait(false) || inFlight.Count > 0)
            {
                quiet = 0;
            }
            else if (await queue.CountAsync(cancellationToken).ConfigureAwait(false) == 0 || ++quiet >= 3)
            {
                return;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"The digest shards were not all sent within {limit}.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every blob version in the incoming container has been ingested (or has failed into the poison
    /// queue) and every article it produced has a summary (or has failed into the summarise poison queue). When
    /// nothing moves for <see cref="StallAfter"/>, it names what is stuck and why through <paramref name="onNote"/>
    /// and lets the reconciler try; storage that does not answer is reported and retried. Throws
    /// <see cref="PipelineStuckException"/>, naming what is stuck, when <paramref name="timeout"/> runs out.
    /// <paramref name="stallAfter"/> overrides <see cref="StallAfter"/> (longer when a rate-limited model holds articles).
    /// </summary>
    public async Task<PipelineProgress> WaitUntilIdleAsync(TimeSpan timeout, Action<PipelineProgress>? onProgress = null, CancellationToken cancellationToken = default, Action<string>? onNote = null, TimeSpan? pollInterval = null, TimeSpan? stallAfter = null)
    {
        var stall = stallAfter ?? StallAfter;
        var time = Services.GetRequiredService<TimeProvider>();

        // The timeout is the caller's limit in real time, not on the pipeline's clock: a test that drives the host's
        // clock by hand must still get its answer (or the stuck items) when the time is up, not wait forever.
        var waitingSince = TimeProvider.System.GetTimestamp();
        var lastChange = time.GetUtcNow();
        PipelineProgress? last = null;
        string? outage = null;
        var stallReported = false;
        while (true)
        {
            PipelineProgress? progress = null;
            var started = time.GetTimestamp();
            try
            {
                progress = await ReadProgressAsync(cancellationToken).ConfigureAwait(false);
                if (outage is not null)
                {
                    onNote?.Invoke("storage answers again");
                    outage = null;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageFailures.IsUnavailable(ex))
            {
                if (outage is null)
                {
                    onNote?.Invoke($"storage is not answering ({StorageFailures.Describe(ex)}); retrying until the timeout");
                }

                outage = StorageFailures.Describe(ex);
            }

            if (progress is not null && progress != last)
            {
                onProgress?.Invoke(progress);
                last = progress;
                lastChange = time.GetUtcNow();
                stallReported = false;
            }

            if (progress is { IsIdle: true })
            {
                return progress;
            }

            if (TimeProvider.System.GetElapsedTime(waitingSince) > timeout)
            {
                var stuck = outage is null ? await TryAuditAsync(cancellationToken).ConfigureAwait(false) : [];
                throw new PipelineStuckException(timeout, last, stuck, outage);
            }

            if (outage is null && !stallReported && time.GetUtcNow() - lastChange > stall)
            {
                stallReported = true;
                await ReportStallAsync(stall, onNote, cancellationToken).ConfigureAwait(false);
            }

            // Each look lists incoming, the ledger and the summaries: load on storage too, the more so the more they
            // hold, so a slow look is followed by a longer pause (as the feed's listing is).
            await Task.Delay(BlobChangeFeed.NextWait(pollInterval ?? TimeSpan.FromMilliseconds(250), time.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long progress may stand still before <see cref="WaitUntilIdleAsync"/> says what is stuck.</summary>
    public static TimeSpan StallAfter { get; } = TimeSpan.FromSeconds(10);

    private Task<PipelineProgress> ReadProgressAsync(CancellationToken cancellationToken) =>
        PipelineProgress.ReadAsync(
            Services.GetRequiredService<IncomingBlobs>(),
            Services.GetRequiredService<IngestionLedger>(),
            Services.GetRequiredService<SummaryStore>(),
            Services.GetRequiredService<SummariseQueue>(),
            cancellationToken);

    private async Task ReportStallAsync(TimeSpan stall, Action<string>? onNote, CancellationToken cancellationToken)
    {
        try
        {
            var stuck = await TryAuditAsync(cancellationToken).ConfigureAwait(false);
            onNote?.Invoke($"no progress for {stall.TotalSeconds:0} s; waiting on {stuck.Count} item(s):");
            foreach (var finding in stuck.Take(20))
            {
                onNote?.Invoke($"  {finding.Area} {finding.Item}: {finding.State}: {finding.Detail}");
            }

            // Nothing moved: whatever was announced before the stall and is still not ingested is not coming.
            var result = await ReconcileAsync(stall, cancellationToken).ConfigureAwait(false);
            var requeued = await Services.GetRequiredService<Reconciler>().RequeueUnsummarisedAsync(stall, cancellationToken).ConfigureAwait(false);
            onNote?.Invoke(result.Reannounced.Count > 0
                ? $"reconciler: announcing {result.Reannounced.Count} blob(s) again: {string.Join(", ", result.Reannounced.Take(10))}"
                : "reconciler: nothing to announce again");
            if (requeued.Count > 0)
            {
                // A killed host's messages stay invisible until their lease runs out; these do not wait for it.
                onNote?.Invoke($"reconciler: queued {requeued.Count} unsummarised article(s) again: {string.Join(", ", requeued.Take(10))}");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageFailures.IsUnavailable(ex))
        {
            onNote?.Invoke($"storage is not answering ({StorageFailures.Describe(ex)})");
        }
    }

    /// <summary>What is in flight or unaccounted for, as <c>status --verify</c> sees it; empty when storage does not answer.</summary>
    private async Task<IReadOnlyList<AuditFinding>> TryAuditAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await Services.GetRequiredService<StorageAudit>().RunAsync(cancellationToken).ConfigureAwait(false);
            return [.. report.Problems, .. report.InFlight];
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StorageFailures.IsUnavailable(ex))
        {
            return [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _feedLoop, _reconcileLoop })
        {
            try
            {
                await (loop ?? Task.CompletedTask).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            _stopping.Dispose();
        }
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "The reconciler could not run: storage is not answering ({Reason}); it will try again")]
    private static partial void LogReconcileStorageUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "The reconciler could not run; it will try again")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);

    private sealed class FixedHostIdProvider(string hostId) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(hostId);
    }

    private sealed class FixedTypeLocator(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}
