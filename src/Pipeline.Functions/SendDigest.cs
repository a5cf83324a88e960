using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Functions;

/// <summary>Emails one shard of due subscribers the articles that matched their alerts since their last digest.</summary>
public sealed class SendDigest(DigestService digests)
{
    [Function(nameof(SendDigest))]
    public Task RunAsync(
        [QueueTrigger("%DigestsQueue%", Connection = "AzureWebJobsStorage")] DigestShard shard,
        CancellationToken cancellationToken)
        => digests.SendShardAsync(shard, cancellationToken);
}
