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

    private readonly IHost _host;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _feedLoop;

    private LocalPipelineHost(IHost host)
    {
        _host = host;
        Feed = new BlobChangeFeed(
            host.Services.GetRequiredService<IncomingBlobs>(),
            host.Services.GetRequiredService<AnnouncedBlobs>(),
            new InProcessWebhookSink(host.Services.GetServices<IExtensionConfigProvider>(), LocalFunctions.ParseArticleId),
            host.Services.GetRequiredService<TimeProvider>(),
            host.Services.GetRequiredService<ILogger<BlobChangeFeed>>());
    }

    public BlobChangeFeed Feed { get; }

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
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageBlobs(o => o.MaxDegreeOfParallelism = 8);
                webJobs.AddAzureStorageQueues(o =>
                {
                    // Locally, poll often: messages enqueued by Core do not wake the listener the way bindings do.
                    o.MaxPollingInterval = TimeSpan.FromSeconds(1);
                    o.BatchSize = 16;
                    o.MaxDequeueCount = 5;
                    o.VisibilityTimeout = TimeSpan.FromSeconds(5);
                    o.MessageEncoding = QueueMessageEncoding.Base64;
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
                collection.AddSingleton<LocalFunctions>();
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
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));

        // A message stays in the queue (invisible) while its shard is sent, and is deleted once the shard is done.
        while (await queue.CountAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The digest shards were not all sent within {timeout ?? TimeSpan.FromMinutes(5)}.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every blob version in the incoming container has been ingested (or has failed into the poison
    /// queue) and every article it produced has a summary (or has failed into the summarise poison queue).
    /// </summary>
    public async Task<PipelineProgress> WaitUntilIdleAsync(TimeSpan timeout, Action<PipelineProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        PipelineProgress? last = null;
        while (true)
        {
            var progress = await PipelineProgress.ReadAsync(
                Services.GetRequiredService<IncomingBlobs>(),
                Services.GetRequiredService<IngestionLedger>(),
                Services.GetRequiredService<SummaryStore>(),
                Services.GetRequiredService<SummariseQueue>(),
                cancellationToken).ConfigureAwait(false);
            if (progress != last)
            {
                onProgress?.Invoke(progress);
                last = progress;
            }

            if (progress.IsIdle)
            {
                return progress;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The pipeline did not finish within {timeout}: {progress}.");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_feedLoop is not null)
        {
            try
            {
                await _feedLoop.ConfigureAwait(false);
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

    private sealed class FixedHostIdProvider(string hostId) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(hostId);
    }

    private sealed class FixedTypeLocator(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}
