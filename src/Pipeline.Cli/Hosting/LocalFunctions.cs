using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// The same four functions as <c>Pipeline.Functions</c>, bound with the WebJobs SDK attributes so that the local
/// host runs them on the trigger engine the Functions host uses. Each binds its trigger and calls one Core service.
/// </summary>
public sealed class LocalFunctions(ArticleIngestor ingestor, SummaryService summaries, DigestService digests, ShardsInFlight shardsInFlight)
{
    /// <summary>The id the blob extension's webhook expects in <c>?functionName=</c>: the method's full name.</summary>
    public static string ParseArticleId => $"{typeof(LocalFunctions).FullName}.{nameof(ParseArticle)}";

    [FunctionName(nameof(ParseArticle))]
    public Task ParseArticle(
        [BlobTrigger("%IncomingContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageOptions.ConnectionName)] BlobClient blob,
        CancellationToken cancellationToken)
        => ingestor.IngestAsync(blob.Name, cancellationToken);

    [FunctionName(nameof(SummariseArticle))]
    public Task SummariseArticle(
        [QueueTrigger("%SummariseQueue%", Connection = StorageOptions.ConnectionName)] SummariseMessage message,
        CancellationToken cancellationToken)
        => summaries.SummariseAsync(message, cancellationToken);

    [FunctionName(nameof(SendDigests))]
    public Task SendDigests([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => digests.EnqueueDueAsync(cancellationToken);

    [FunctionName(nameof(SendDigest))]
    public async Task SendDigest(
        [QueueTrigger("%DigestsQueue%", Connection = StorageOptions.ConnectionName)] DigestShard shard,
        CancellationToken cancellationToken)
    {
        using var running = shardsInFlight.Begin();
        await digests.SendShardAsync(shard, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// How many digest shards this host is sending now: <c>up --once</c> waits for its own, not for a shard message a
/// killed host left invisible for the queue trigger's lease.
/// </summary>
public sealed class ShardsInFlight
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _count);
        return new End(this);
    }

    private sealed class End(ShardsInFlight owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
            }
        }
    }
}
