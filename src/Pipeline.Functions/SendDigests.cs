using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Digests;

namespace Pipeline.Functions;

/// <summary>Finds the subscribers whose digest is due and enqueues them in shards onto the digests queue.</summary>
public sealed class SendDigests(DigestService digests)
{
    [Function(nameof(SendDigests))]
    public Task RunAsync([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => digests.EnqueueDueAsync(cancellationToken);
}
