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
public sealed class LocalFunctions(ArticleIngestor ingestor, SummaryService summaries, DigestService digests)
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
    public Task SendDigest(
        [QueueTrigger("%DigestsQueue%", Connection = StorageOptions.ConnectionName)] DigestShard shard,
        CancellationToken cancellationToken)
        => digests.SendShardAsync(shard, cancellationToken);
}
