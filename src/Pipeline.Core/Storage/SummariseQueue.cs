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

    /// <summary>Asks for <paramref name="articleId"/> to be summarised, within the current trace.</summary>
    public async Task EnqueueAsync(string articleId, CancellationToken cancellationToken = default) =>
        await Queue.SendMessageAsync(JsonSerializer.Serialize(new SummariseMessage(articleId, PipelineTelemetry.CurrentTraceParent), StorageJson.Options), cancellationToken).ConfigureAwait(false);

    /// <summary>About how many articles wait to be summarised.</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(Queue, cancellationToken);

    /// <summary>About how many articles failed every try (messages in the poison queue).</summary>
    public Task<int> CountFailedAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(PoisonQueue, cancellationToken);
}

/// <summary>The summarise queue's message: which article needs a summary, and the trace it belongs to.</summary>
public sealed record SummariseMessage(string ArticleId, string? TraceParent = null);
