using System.Globalization;
using Microsoft.Extensions.Options;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Reliability;

/// <summary>
/// Accounts for every item in storage (<c>pipeline status --verify</c>): each incoming blob version is parsed,
/// quarantined, poisoned or in flight; each article is summarised, queued, poisoned or in flight; each summarise
/// message names a stored article; each digest is sent, failed with a reason or unconfirmed, and no subscriber got
/// an article twice. It reads storage page by page and keeps counters and a bounded list of findings, never a whole
/// container or table. Read-only.
/// </summary>
public sealed class StorageAudit(
    IncomingBlobs incoming,
    IngestionLedger ledger,
    AnnouncedBlobs announced,
    QuarantineStore quarantine,
    ArticleStore articles,
    SummaryStore summaries,
    SummariseQueue summariseQueue,
    DeliveryLedger deliveries,
    IOptions<ReliabilityOptions> options,
    TimeProvider time)
{
    public const string Blobs = "blobs";
    public const string Articles = "articles";
    public const string Index = "summary-index";
    public const string Messages = "messages";
    public const string Deliveries = "deliveries";

    /// <summary>How many point reads run at once.</summary>
    private const int Parallelism = 16;

    /// <summary>Reads everything once and says what state each item is in.</summary>
    public async Task<AuditReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = new AuditReport();
        var now = time.GetUtcNow();
        var grace = options.Value.AnnounceGracePeriod;
        var poisonedBlobs = await incoming.PeekFailedAsync(cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            incoming.ListAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (blob, ct) => await AuditBlobAsync(report, blob, poisonedBlobs, now, grace, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var queued = await summariseQueue.PeekAsync(cancellationToken).ConfigureAwait(false);
        var poisoned = await summariseQueue.PeekFailedAsync(cancellationToken).ConfigureAwait(false);
        var unseenMessages = Math.Max(0, await summariseQueue.CountAsync(cancellationToken).ConfigureAwait(false) - queued.Count);
        await AuditArticlesAsync(report, queued, poisoned, unseenMessages, now, grace, cancellationToken).ConfigureAwait(false);
        await AuditIndexAsync(report, queued.Count + unseenMessages > 0, cancellationToken).ConfigureAwait(false);
        foreach (var message in queued)
        {
            var exists = await articles.ExistsAsync(message.ArticleId, cancellationToken).ConfigureAwait(false);
            report.Add(Messages, exists ? AuditStates.Valid : AuditStates.Orphan, message.ArticleId,
                exists ? null : $"queued for a missing article (source {message.Source ?? "not named"}); the summariser parses the source again");
        }

        foreach (var message in poisoned)
        {
            report.Add(Messages, AuditStates.Poisoned, message.ArticleId, "in the summarise poison queue");
        }

        await AuditDeliveriesAsync(report, now, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task AuditBlobAsync(AuditReport report, IncomingBlob blob, IReadOnlySet<string> poisoned, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!BlobNames.IsReadable(blob.Name))
        {
            // Never announced, never ingested: the user has to drop it again under another name.
            report.Add(Blobs, AuditStates.UnreadableName, blob.Name, BlobNames.UnreadableReason);
            return;
        }

        if (await ledger.GetAsync(blob.Name, blob.Version, cancellationToken).ConfigureAwait(false) is { } record)
        {
            if (record.Quarantined)
            {
                var file = await quarantine.GetAsync(blob.Name, cancellationToken).ConfigureAwait(false);
                report.Add(Blobs, file is null ? AuditStates.Unquarantined : AuditStates.Quarantined, blob.Name,
                    file is null ? $"the ledger says quarantined ({record.ReasonCode}), but quarantine has no such file" : null);
                return;
            }

            foreach (var id in record.ArticleIds)
            {
                if (!await articles.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    report.Add(Blobs, AuditStates.Lost, blob.Name, $"parsed into article {id}, which is not stored");
                    return;
                }
            }

            report.Add(Blobs, AuditStates.Parsed);
            return;
        }

        if (poisoned.Contains(blob.Name))
        {
            report.Add(Blobs, AuditStates.Poisoned, blob.Name, "in the blob trigger's poison queue");
            return;
        }

        var announcement = await announced.GetAsync(blob.Name, cancellationToken).ConfigureAwait(false);
        if (announcement is not null && announcement.Version == blob.Version)
        {
            var age = now - announcement.At;
            report.Add(Blobs, age < grace ? AuditStates.InFlight : AuditStates.Stuck, blob.Name,
                $"announced {Seconds(age)} ago, not ingested" + (age < grace ? "" : $" after the {Seconds(grace)} grace period; the reconciler announces it again"));
            return;
        }

        var dropped = now - (blob.LastModified ?? now);
        report.Add(Blobs, dropped < grace ? AuditStates.InFlight : AuditStates.Unannounced, blob.Name,
            $"dropped {Seconds(dropped)} ago, not announced" + (dropped < grace ? " yet" : ": is the pipeline (its blob-change feed or Event Grid) running?"));
    }

    /// <summary>Joins the article and summary listings, both in id order, so that neither is held in memory.</summary>
    private async Task AuditArticlesAsync(AuditReport report, IReadOnlyList<SummariseMessage> queued, IReadOnlyList<SummariseMessage> poisoned, int unseenMessages, DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        var queuedIds = queued.Select(m => m.ArticleId).ToHashSet(StringComparer.Ordinal);
        var poisonedIds = poisoned.Select(m => m.ArticleId).ToHashSet(StringComparer.Ordinal);
        await foreach (var (id, summarised) in SummaryCoverage.ReadAsync(articles, summaries, cancellationToken).ConfigureAwait(false))
        {
            if (summarised)
            {
                report.Add(Articles, AuditStates.Summarised);
            }
            else if (queuedIds.Contains(id))
            {
                report.Add(Articles, AuditStates.InFlight, id, "queued to be summarised");
            }
            else if (poisonedIds.Contains(id))
            {
                report.Add(Articles, AuditStates.Poisoned, id, "in the summarise poison queue");
            }
            else if (await articles.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } article && now - article.IngestedAt < grace)
            {
                report.Add(Articles, AuditStates.InFlight, id, $"parsed {Seconds(now - article.IngestedAt)} ago");
            }
            else if (unseenMessages > 0)
            {
                // The queue holds more messages than a peek shows; count this one against them.
                unseenMessages--;
                report.Add(Articles, AuditStates.InFlight, id, "no summary yet; the queue holds messages a peek cannot show (past the first 32, or leased by a host)");
            }
            else
            {
                report.Add(Articles, AuditStates.Stranded, id, "no summary and no summarise message");
            }
        }
    }

    /// <summary>
    /// Checks that the summary index names every summary: what a digest finds. The index is keyed by time, not by
    /// article, so the audit compares its row count with the summaries counted above rather than hold either. A summary
    /// is written before its index row, so fewer rows than summaries means summaries no digest will find: in flight
    /// while summarise messages wait (the failed run's retry indexes its summary), a problem when none does. Only then
    /// does it read the index's article ids and the summaries once more, to name each article the index lacks.
    /// </summary>
    private async Task AuditIndexAsync(AuditReport report, bool messagesWaiting, CancellationToken cancellationToken)
    {
        var summarised = report.Counts.GetValueOrDefault(Articles)?.GetValueOrDefault(AuditStates.Summarised) ?? 0;
        var rows = await summaries.CountIndexedAsync(cancellationToken).ConfigureAwait(false);
        report.Add(Index, AuditStates.Valid, Math.Min(rows, summarised));
        if (rows >= summarised)
        {
            return;
        }

        var missing = summarised - rows;
        if (messagesWaiting)
        {
            report.Add(Index, AuditStates.InFlight, missing, "summaries",
                $"{missing} summarised article(s) not in the summary index, while summarise messages wait: a retry of a run that stopped after writing its summary indexes it");
            return;
        }

        var indexed = await summaries.ListIndexedIdsAsync(cancellationToken).ConfigureAwait(false);
        var named = 0;
        await foreach (var (id, hasSummary) in SummaryCoverage.ReadAsync(articles, summaries, cancellationToken).ConfigureAwait(false))
        {
            if (hasSummary && !indexed.Contains(id))
            {
                named++;
                report.Add(Index, AuditStates.Unindexed, id,
                    "summarised, but not in the summary index, and no summarise message waits: no digest will find it; the reconciler of `up` queues it again when nothing moves");
                if (named == missing)
                {
                    // As many named as the counts miss: stop reading the listing.
                    break;
                }
            }
        }

        if (named < missing)
        {
            // Summaries written since the first pass, or an index row naming no stored summary: count the rest unnamed.
            report.Add(Index, AuditStates.Unindexed, missing - named, "summaries",
                $"{missing - named} more summarised article(s) than index rows, not found by name on a second read (written meanwhile?)");
        }
    }

    /// <summary>Reads the digests one subscriber at a time (the table's partition order), keeping one subscriber's articles.</summary>
    private async Task AuditDeliveriesAsync(AuditReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? subscriber = null;
        var delivered = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var digest in deliveries.ReadDigestsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (digest.SubscriberKey != subscriber)
            {
                subscriber = digest.SubscriberKey;
                delivered.Clear();
            }

            var name = $"{Mask(digest.Email)} {digest.DigestId}";
            var age = now - (digest.At ?? now);
            switch (digest.Status)
            {
                case DeliveryStatus.Sent or DeliveryStatus.Unconfirmed:
                    report.Add(Deliveries, digest.Status);
                    break;
                case AuditStates.Failed:
                    report.Add(Deliveries, string.IsNullOrWhiteSpace(digest.Reason) ? AuditStates.Incomplete : AuditStates.Failed, name, "failed without a reason");
                    continue;
                // A claim is another shard's while it is younger than the ledger's sending lease.
                case DeliveryStatus.Sending when age < DeliveryLedger.SendingLease:
                    report.Add(Deliveries, AuditStates.InFlight, name, $"claimed {Seconds(age)} ago, being sent");
                    break;
                default:
                    report.Add(Deliveries, AuditStates.Incomplete, name, $"status '{digest.Status}' since {Seconds(age)} ago; the next digest pass marks a stale claim unconfirmed");
                    break;
            }

            foreach (var id in digest.ArticleIds)
            {
                if (!delivered.TryAdd(id, digest.DigestId))
                {
                    report.Add(Deliveries, AuditStates.Duplicate, $"{Mask(digest.Email)} {id}", $"article {id} is in digests {delivered[id]} and {digest.DigestId}");
                }
            }
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s");

    private static string Mask(string email) =>
        email.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? email[0] + "***" + email[at..] : "***";
}
