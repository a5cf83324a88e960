using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>
/// What failed every try, from the three poison queues (summarise, the blob trigger's and digests), each with the
/// error of its last try where <see cref="FailureLog"/> has one; and moving it all back to be tried again.
/// </summary>
public sealed class PoisonQueues(StorageClients clients, IOptions<StorageOptions> options, IncomingBlobs incoming, FailureLog failures)
{
    /// <summary>How long a message taken off a poison queue stays hidden while it is moved.</summary>
    private static readonly TimeSpan MoveLease = TimeSpan.FromSeconds(60);

    private QueueClient Summarise => clients.Queues.GetQueueClient(options.Value.SummariseQueue);

    private QueueClient SummarisePoison => clients.Queues.GetQueueClient(options.Value.SummariseQueue + "-poison");

    private QueueClient Digests => clients.Queues.GetQueueClient(options.Value.DigestsQueue);

    private QueueClient DigestsPoison => clients.Queues.GetQueueClient(options.Value.DigestsQueue + "-poison");

    // Shared by every host and container on the account: only messages naming this incoming container are ours.
    private QueueClient BlobPoison => clients.Queues.GetQueueClient(IncomingBlobs.PoisonQueue);

    /// <summary>
    /// The poisoned messages at the head of each poison queue (a peek shows at most 32 per queue), with their errors,
    /// and how many each queue holds.
    /// </summary>
    public async Task<PoisonReport> ListAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<PoisonedItem>();
        foreach (var body in await QueuePeek.BodiesAsync(SummarisePoison, cancellationToken).ConfigureAwait(false))
        {
            items.Add(await DescribeSummariseAsync(body, cancellationToken).ConfigureAwait(false));
        }

        var blobs = 0;
        foreach (var body in await QueuePeek.BodiesAsync(BlobPoison, cancellationToken).ConfigureAwait(false))
        {
            if (BlobNameOf(body) is { } name)
            {
                blobs++;
                var failure = await failures.GetAsync(FailureLog.Ingest, name, cancellationToken).ConfigureAwait(false);
                items.Add(new PoisonedItem(PoisonedItem.Ingest, name, null, failure?.Error, failure?.At));
            }
        }

        foreach (var body in await QueuePeek.BodiesAsync(DigestsPoison, cancellationToken).ConfigureAwait(false))
        {
            items.Add(await DescribeDigestsAsync(body, cancellationToken).ConfigureAwait(false));
        }

        return new PoisonReport(
            items,
            await QueueDepth.CountAsync(SummarisePoison, cancellationToken).ConfigureAwait(false),
            blobs,
            await QueueDepth.CountAsync(DigestsPoison, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Moves every poisoned message back: summarise and digest messages onto their queues as they were; a poisoned
    /// blob is dropped again as a new version of itself (the blob trigger takes a version once), so that it is
    /// announced and ingested again. Returns what it moved.
    /// </summary>
    public async Task<IReadOnlyList<PoisonedItem>> RequeueAsync(CancellationToken cancellationToken = default)
    {
        var moved = new List<PoisonedItem>();
        await MoveAllAsync(SummarisePoison, Summarise, async (m, ct) => moved.Add(await DescribeSummariseAsync(m.Body.ToString(), ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        await MoveAllAsync(DigestsPoison, Digests, async (m, ct) => moved.Add(await DescribeDigestsAsync(m.Body.ToString(), ct).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        await RedropBlobsAsync(moved, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    private static async Task MoveAllAsync(QueueClient from, QueueClient to, Func<QueueMessage, CancellationToken, Task> onMoved, CancellationToken cancellationToken)
    {
        if (!await from.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // No more than the queue held at the start (and a peek's worth for a stale count): a message that fails again
        // while this runs comes back to the poison queue, and must not be moved round and round.
        var left = Math.Max(await QueueDepth.CountAsync(from, cancellationToken).ConfigureAwait(false), QueuePeek.MaxMessages);
        while (left > 0)
        {
            QueueMessage[] batch = (await from.ReceiveMessagesAsync(Math.Min(left, QueuePeek.MaxMessages), MoveLease, cancellationToken).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                return;
            }

            left -= batch.Length;
            foreach (var message in batch)
            {
                // Send first, then delete: a crash in between leaves a duplicate message, which the stages tolerate, never a loss.
                await to.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                await from.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                await onMoved(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RedropBlobsAsync(List<PoisonedItem> moved, CancellationToken cancellationToken)
    {
        if (!await BlobPoison.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var others = new HashSet<string>(StringComparer.Ordinal);
        // As for the queues: no more than were there at the start, so that one failing again is not redropped twice.
        var left = Math.Max(await QueueDepth.CountAsync(BlobPoison, cancellationToken).ConfigureAwait(false), QueuePeek.MaxMessages);
        while (left > 0)
        {
            QueueMessage[] batch = (await BlobPoison.ReceiveMessagesAsync(QueuePeek.MaxMessages, MoveLease, cancellationToken).ConfigureAwait(false)).Value;
            left -= batch.Length;
            var fresh = 0;
            foreach (var message in batch)
            {
                if (BlobNameOf(message.Body.ToString()) is not { } name)
                {
                    // Another container's or another host's: let it be seen again at once.
                    fresh += others.Add(message.MessageId) ? 1 : 0;
                    await BlobPoison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
                    continue;
                }

                fresh++;
                var redropped = await incoming.RedropAsync(name, cancellationToken).ConfigureAwait(false);
                await BlobPoison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                moved.Add(new PoisonedItem(PoisonedItem.Ingest, name, null, redropped ? null : "the blob is gone; nothing to ingest", null));
            }

            if (fresh == 0)
            {
                return;
            }
        }
    }

    private async Task<PoisonedItem> DescribeDigestsAsync(string body, CancellationToken cancellationToken)
    {
        if (TryRead<DigestShard>(body) is not { Subscribers: { } subscribers } shard)
        {
            return new PoisonedItem(PoisonedItem.Digests, Excerpt(body), null, "the message is not a digest shard (JSON with subscribers)", null);
        }

        var failure = await failures.GetAsync(FailureLog.Digests, shard.FailureKey(), cancellationToken).ConfigureAwait(false);
        return new PoisonedItem(PoisonedItem.Digests, $"a shard of {subscribers.Count} subscriber(s)", null, failure?.Error, failure?.At);
    }

    private async Task<PoisonedItem> DescribeSummariseAsync(string body, CancellationToken cancellationToken)
    {
        if (TryRead<SummariseMessage>(body) is not { ArticleId: not null } message)
        {
            return new PoisonedItem(PoisonedItem.Summarise, Excerpt(body), null, "the message is not a summarise message (JSON with an articleId)", null);
        }

        var failure = await failures.GetAsync(FailureLog.Summarise, message.ArticleId, cancellationToken).ConfigureAwait(false);
        return new PoisonedItem(PoisonedItem.Summarise, message.ArticleId, message.Source, failure?.Error, failure?.At);
    }

    /// <summary>The blob a blob-trigger poison message names, when it is in this pipeline's incoming container.</summary>
    private string? BlobNameOf(string body) =>
        QueuePeek.TryReadJson(body) is { } message
        && message.TryGetProperty("ContainerName", out var container) && container.ValueKind == JsonValueKind.String && container.GetString() == incoming.ContainerName
        && message.TryGetProperty("BlobName", out var blobName) && blobName.ValueKind == JsonValueKind.String
            ? blobName.GetString()
            : null;

    private static T? TryRead<T>(string body)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, StorageJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body) => body.Length <= 80 ? body : string.Concat(body.AsSpan(0, 79), "…");
}

/// <summary>What the poison queues hold: the messages peeked, with errors, and each queue's approximate length.</summary>
/// <param name="Blobs">How many of the blob trigger's poisoned messages peeked name this pipeline's incoming container.</param>
public sealed record PoisonReport(IReadOnlyList<PoisonedItem> Items, int Summarise, int Blobs, int Digests)
{
    public int Total => Summarise + Blobs + Digests;
}

/// <summary>One poisoned message: its queue, the article id or blob name, the source blob, and the last error recorded.</summary>
public sealed record PoisonedItem(string Queue, string Item, string? Source, string? Error, DateTimeOffset? At)
{
    public const string Summarise = "summarise";
    public const string Ingest = "blob";
    public const string Digests = "digests";
}
