using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>The summarise queue: one message per parsed article that still needs a summary.</summary>
public sealed class SummariseQueue(StorageClients clients, IOptions<StorageOptions> options)
{
    private QueueClient Queue => clients.Queues.GetQueueClient(options.Value.SummariseQueue);

    /// <summary>Where the queue trigger parks a message that failed every try.</summary>
    private QueueClient PoisonQueue => clients.Queues.GetQueueClient(options.Value.SummariseQueue + "-poison");

    /// <summary>
    /// Asks for <paramref name="articleId"/> to be summarised, within the current trace. <paramref name="source"/>
    /// names the incoming blob it was parsed from, so that a lost article can be parsed again.
    /// </summary>
    public async Task EnqueueAsync(string articleId, string? source = null, CancellationToken cancellationToken = default) =>
        await Queue.SendMessageAsync(JsonSerializer.Serialize(new SummariseMessage(articleId, PipelineTelemetry.CurrentTraceParent, source), StorageJson.Options), cancellationToken).ConfigureAwait(false);

    /// <summary>About how many articles wait to be summarised.</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(Queue, cancellationToken);

    /// <summary>About how many articles failed every try (messages in the poison queue).</summary>
    public Task<int> CountFailedAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(PoisonQueue, cancellationToken);

    /// <summary>The messages at the head of the queue (at most 32, the most a peek shows), without taking them.</summary>
    public Task<IReadOnlyList<SummariseMessage>> PeekAsync(CancellationToken cancellationToken = default) => PeekAsync(Queue, cancellationToken);

    /// <summary>The messages at the head of the poison queue (at most 32), without taking them.</summary>
    public Task<IReadOnlyList<SummariseMessage>> PeekFailedAsync(CancellationToken cancellationToken = default) => PeekAsync(PoisonQueue, cancellationToken);

    private static async Task<IReadOnlyList<SummariseMessage>> PeekAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        var messages = new List<SummariseMessage>();
        foreach (var body in await QueuePeek.BodiesAsync(queue, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (JsonSerializer.Deserialize<SummariseMessage>(body, StorageJson.Options) is { ArticleId: not null } message)
                {
                    messages.Add(message);
                }
            }
            catch (JsonException)
            {
                // Not ours; the queue trigger will poison it.
            }
        }

        return messages;
    }
}

/// <summary>
/// The summarise queue's message: which article needs a summary, the trace it belongs to, and the incoming blob it
/// was parsed from (absent in messages written before it was added).
/// </summary>
public sealed record SummariseMessage(string ArticleId, string? TraceParent = null, string? Source = null);
