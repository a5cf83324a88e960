using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Reliability;

/// <summary>
/// Makes the ingestion ledger, not the feed's record, the source of truth: a blob version that was announced but
/// has no ingestion record once the grace period is over is forgotten, so that the feed announces it again.
/// Idempotent: ingestion is idempotent per blob version, and a version with a record is only marked as confirmed.
/// </summary>
public sealed partial class Reconciler(
    AnnouncedBlobs announced,
    IngestionLedger ledger,
    IncomingBlobs incoming,
    ArticleStore articles,
    SummaryStore summaries,
    SummariseQueue summariseQueue,
    IOptions<ReliabilityOptions> options,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    /// <summary>
    /// One pass over the feed's record. <paramref name="grace"/> overrides the configured grace period (shorter when
    /// the caller has seen that nothing moves). Returns the names it asked to be announced again.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var wait = grace ?? options.Value.AnnounceGracePeriod;
        IReadOnlySet<string>? poisoned = null;
        var reannounced = new List<string>();
        int confirmed = 0, pending = 0, failed = 0;
        await foreach (var blob in announced.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (blob.Ingested)
            {
                continue;
            }

            if (await ledger.GetAsync(blob.Name, blob.Version, cancellationToken).ConfigureAwait(false) is not null)
            {
                await announced.MarkIngestedAsync(blob, cancellationToken).ConfigureAwait(false);
                confirmed++;
                continue;
            }

            if (now - blob.At < wait)
            {
                pending++;
                continue;
            }

            var current = await incoming.GetAsync(blob.Name, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.Version != blob.Version)
            {
                // A newer version is there: the feed announces that one by itself.
                continue;
            }

            poisoned ??= await incoming.PeekFailedAsync(cancellationToken).ConfigureAwait(false);
            if (current is not null && poisoned.Contains(blob.Name))
            {
                // It failed every try; announcing it again would only fail again. `requeue` or a new drop retries it.
                failed++;
                continue;
            }

            await announced.ForgetAsync(blob, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                reannounced.Add(blob.Name);
                LogReannounced(logger, blob.Name, blob.Version, (int)(now - blob.At).TotalSeconds);
            }
        }

        return new ReconcileResult(reannounced, confirmed, pending, failed);
    }

    /// <summary>
    /// The grace period to use while announced blobs still wait in the trigger's queue, the oldest put there at
    /// <paramref name="oldestWaiting"/>: <paramref name="grace"/> counted from then rather than from now. Under a
    /// backlog longer than the grace period (10,000 files dropped at once) an announcement is not late, only queued;
    /// announcing it again would add work to the backlog that delays it. An announcement made before the oldest
    /// waiting message was put in the queue has left it, so it is judged as before once that grace has run out.
    /// </summary>
    public static TimeSpan GraceBehind(TimeSpan grace, DateTimeOffset now, DateTimeOffset? oldestWaiting) =>
        oldestWaiting is { } inserted && inserted < now ? grace + (now - inserted) : grace;

    /// <summary>
    /// Queues again every article parsed more than <paramref name="olderThan"/> ago that has no summary, or whose
    /// summary the index does not name (the run stopped between the two writes). For when nothing has moved for a
    /// while: a host killed while summarising leaves its messages invisible until their lease (the queue trigger's
    /// visibility timeout, minutes) runs out. A duplicate message costs nothing, as the summariser indexes and keeps
    /// the summary it finds; so this is safe, but not for every periodic pass, where a long queue would be doubled.
    /// Holds the index's ids in memory. Returns the ids queued.
    /// </summary>
    public async Task<IReadOnlyList<string>> RequeueUnsummarisedAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var queued = new List<string>();
        var indexed = await summaries.ListIndexedIdsAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var (id, summarised) in SummaryCoverage.ReadAsync(articles, summaries, cancellationToken).ConfigureAwait(false))
        {
            if (!(summarised && indexed.Contains(id)) && await articles.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } article && now - article.IngestedAt >= olderThan)
            {
                await summariseQueue.EnqueueAsync(id, article.Sources.FirstOrDefault(), cancellationToken).ConfigureAwait(false);
                queued.Add(id);
                LogRequeued(logger, id);
            }
        }

        return queued;
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Queued {ArticleId} again: it has no indexed summary and nothing has moved")]
    private static partial void LogRequeued(ILogger logger, string articleId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Announcing {BlobName} ({Version}) again: announced {Seconds} s ago and still not ingested")]
    private static partial void LogReannounced(ILogger logger, string blobName, string version, int seconds);
}

/// <summary>What one reconciler pass did.</summary>
/// <param name="Reannounced">Blobs whose announcement was forgotten so that the feed announces them again.</param>
/// <param name="Confirmed">Announced versions found in the ingestion ledger (and marked so).</param>
/// <param name="Pending">Announced versions without a record, still within the grace period.</param>
/// <param name="Failed">Announced versions without a record whose blob is in the poison queue.</param>
public sealed record ReconcileResult(IReadOnlyList<string> Reannounced, int Confirmed, int Pending, int Failed);
