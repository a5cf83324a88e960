using Azure.Storage.Queues;

namespace Pipeline.Core.Storage;

/// <summary>How many messages wait in a queue.</summary>
internal static class QueueDepth
{
    /// <summary>The queue's approximate message count; 0 when the queue does not exist (nothing ever failed, say).</summary>
    public static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        if (!await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var properties = await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }
}
