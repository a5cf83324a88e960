using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>The digests queue: one message per shard of due subscribers, which the <c>SendDigest</c> function sends.</summary>
public sealed class DigestsQueue(StorageClients clients, IOptions<StorageOptions> options)
{
    private QueueClient Queue => clients.Queues.GetQueueClient(options.Value.DigestsQueue);

    /// <summary>Where the queue trigger parks a shard that failed every try.</summary>
    private QueueClient PoisonQueue => clients.Queues.GetQueueClient(options.Value.DigestsQueue + "-poison");

    /// <summary>Asks for the digests of one shard of due subscribers, within the current trace.</summary>
    public async Task EnqueueAsync(IReadOnlyList<DueSubscriber> shard, CancellationToken cancellationToken = default) =>
        await Queue.SendMessageAsync(JsonSerializer.Serialize(new DigestShard(shard, PipelineTelemetry.CurrentTraceParent), StorageJson.Options), cancellationToken).ConfigureAwait(false);

    /// <summary>About how many shards wait to be sent, or are being sent (a message is deleted once its shard is done).</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(Queue, cancellationToken);

    /// <summary>
    /// True when a shard waits to be taken (a visible message). A message a host has taken is invisible while it sends
    /// the shard, and stays so for the queue trigger's lease (10 minutes) if that host was killed.
    /// </summary>
    public async Task<bool> HasWaitingAsync(CancellationToken cancellationToken = default) =>
        (await Queue.PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false)).Value.Length > 0;

    /// <summary>About how many shards failed every try.</summary>
    public Task<int> CountFailedAsync(CancellationToken cancellationToken = default) => QueueDepth.CountAsync(PoisonQueue, cancellationToken);
}

/// <summary>
/// The digests queue's message: up to <see cref="MaxSize"/> subscribers whose digest is due, each with the schedule
/// bucket it was found in (so that the entry is moved on once the digest is done), and the trace it belongs to.
/// </summary>
public sealed record DigestShard(IReadOnlyList<DueSubscriber> Subscribers, string? TraceParent = null)
{
    /// <summary>The most subscribers one shard holds: a message stays far below the queue's 64 KiB.</summary>
    public const int MaxSize = 100;

    /// <summary>
    /// Names the shard in the <see cref="FailureLog"/>: the same subscribers give the same key, however often it is
    /// tried; short, for the log line that names it when the record cannot be written.
    /// </summary>
    public string FailureKey() => TableKey.Of(string.Join('\n', Subscribers.Select(s => s.Key + "|" + s.Bucket)));
}

/// <summary>A subscriber found due in the schedule index: their table key and the bucket of their entry.</summary>
public sealed record DueSubscriber(string Key, string Bucket);
