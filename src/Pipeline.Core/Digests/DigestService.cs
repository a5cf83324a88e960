using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Alerts;
using Pipeline.Core.Delivery;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Digests;

/// <summary>
/// The digest pass, fanned out. The timer (<see cref="EnqueueDueAsync"/>) reads only the subscribers the schedule
/// index says are due and enqueues them in shards; each shard (<see cref="SendShardAsync"/>) indexes its window of
/// articles once and sends each due subscriber one digest of the articles that match any of their alerts, under a
/// heading per alert. A digest is claimed in the deliveries table before it is sent, so the same digest is never sent
/// twice, however often a shard is delivered or however shards overlap, and every article is delivered to a
/// subscriber at most once.
/// </summary>
public sealed partial class DigestService(
    SubscriberStore subscribers,
    SummaryStore summaries,
    ArticleStore articles,
    DeliveryLedger deliveries,
    DigestsQueue queue,
    IEmailSender sender,
    SubscriptionLinks links,
    DigestArchive archive,
    IOptions<DigestEmailOptions> emailDigests,
    IOptions<EmailOptions> email,
    FailureLog failures,
    TimeProvider time,
    ILogger<DigestService> logger)
{
    /// <summary>
    /// How far before a subscriber's last covered time the pass looks again, so that a summary indexed a moment
    /// late is still found. Articles already delivered are skipped, so the overlap never repeats one.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    /// <summary>The most articles one digest lists: the newest ones that matched.</summary>
    public const int MaxArticlesPerDigest = 50;

    // Summaries are written once and an article's id follows from its text, so what a window loads never changes.
    private const int MaxCachedArticles = 50_000;
    private readonly ConcurrentDictionary<string, WindowArticle> _cache = new(StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> NoneDelivered = new HashSet<string>();

    private enum Outcome
    {
        Sent,
        NothingNew,
        NotDue,
        Unreadable,
        Failed,
        InProgress,
    }

    /// <summary>The timer's half: enqueues every due subscriber, in shards of at most <see cref="DigestShard.MaxSize"/>; returns how many shards.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Source.StartActivity("SendDigests");
        try
        {
            var backfilled = await subscribers.EnsureScheduledAsync(cancellationToken).ConfigureAwait(false);
            if (backfilled > 0)
            {
                LogBackfilled(logger, backfilled);
            }

            var due = await subscribers.ListDueAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var shards = due.Chunk(DigestShard.MaxSize).ToList();
            await Parallel.ForEachAsync(
                shards,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (shard, ct) => await queue.EnqueueAsync(shard, ct).ConfigureAwait(false)).ConfigureAwait(false);
            activity?.SetTag("pipeline.digests.due", due.Count);
            LogEnqueued(logger, due.Count, shards.Count);
            return shards.Count;
        }
        catch (Exception ex) when (PipelineTelemetry.RecordFailure("digest", ex))
        {
            throw;
        }
    }

    /// <summary>The queue's half: sends the digests of one shard's due subscribers, and moves each one's schedule on; returns how many were sent.</summary>
    public async Task<int> SendShardAsync(DigestShard shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        using var activity = PipelineTelemetry.StartLinked("SendDigest", ActivityKind.Consumer, shard.TraceParent);
        try
        {
            var batch = new (Subscriber Subscriber, string Bucket)?[shard.Subscribers.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, batch.Length),
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var entry = shard.Subscribers[i];
                    // A pending subscriber has no entry until confirmed; should one be found, it is dropped, never sent to.
                    if (await subscribers.GetAsync(entry.Key, ct).ConfigureAwait(false) is { IsConfirmed: true } subscriber)
                    {
                        batch[i] = (subscriber, entry.Bucket);
                    }
                    else
                    {
                        await subscribers.UnscheduleAsync(entry, ct).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);

            var sent = await SendAsync(batch.OfType<(Subscriber, string)>().ToList(), cancellationToken).ConfigureAwait(false);
            activity?.SetTag("pipeline.digests.sent", sent);
            LogShard(logger, shard.Subscribers.Count, sent);
            return sent;
        }
        catch (Exception ex) when (PipelineTelemetry.RecordFailure("digest", ex))
        {
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The host retries, then parks the shard in the poison queue without its error: keep the error for `status`.
            await failures.RecordAsync(FailureLog.Digests, shard.FailureKey(), ex, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sends the digests of those of <paramref name="batch"/> who are due: one window of articles, indexed once, from
    /// the earliest point any of them still needs; then one digest per subscriber, grouped by alert.
    /// </summary>
    private async Task<int> SendAsync(IReadOnlyList<(Subscriber Subscriber, string Bucket)> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(Subscriber Subscriber, string Bucket, List<ParsedAlert> Alerts, DateTimeOffset Since)>();
        var outcomes = new ConcurrentBag<(Subscriber Subscriber, string Bucket, Outcome Outcome)>();
        foreach (var (subscriber, bucket) in batch)
        {
            try
            {
                if (!subscriber.IsDue(now))
                {
                    outcomes.Add((subscriber, bucket, Outcome.NotDue));
                    continue;
                }

                var alerts = subscriber.Alerts.Select(a => new ParsedAlert(a, AlertQuery.Parse(a.Query))).ToList();
                due.Add((subscriber, bucket, alerts, (subscriber.CoveredUntil ?? DateTimeOffset.MinValue.AddTicks(Overlap.Ticks)) - Overlap));
            }
            catch (FormatException ex)
            {
                LogUnreadable(logger, subscriber.MaskedEmail, ex.Message);
                outcomes.Add((subscriber, bucket, Outcome.Unreadable));
            }
        }

        if (due.Count > 0)
        {
            var window = await LoadWindowAsync(due.Min(d => d.Since), cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (d, ct) =>
                {
                    // Most subscribers match nothing new at most passes: only those who do read the ledger, and only for their matches.
                    var candidates = window.Select(d.Alerts, d.Since, NoneDelivered, int.MaxValue).SelectMany(s => s.Items).Select(i => i.ArticleId).ToList();
                    var delivered = candidates.Count == 0 ? NoneDelivered : await deliveries.WhichDeliveredAsync(d.Subscriber, candidates, ct).ConfigureAwait(false);
                    var sections = candidates.Count == 0 ? [] : window.Select(d.Alerts, d.Since, delivered, MaxArticlesPerDigest);
                    sections = DuplicateFolder.Fold(sections, window.SignatureOf);
                    outcomes.Add((d.Subscriber, d.Bucket, await SendOneAsync(d.Subscriber, sections, now, ct).ConfigureAwait(false)));
                }).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(
            outcomes,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (o, ct) => await RescheduleAsync(o.Subscriber, o.Bucket, o.Outcome, now, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return outcomes.Count(o => o.Outcome == Outcome.Sent);
    }

    /// <summary>
    /// Moves the subscriber's schedule entry to when their next digest is due. A failed send, or a digest another
    /// pass is sending, leaves it where it is: the next timer finds the subscriber due again.
    /// </summary>
    private Task RescheduleAsync(Subscriber subscriber, string bucket, Outcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset next;
        switch (outcome)
        {
            case Outcome.Failed or Outcome.InProgress:
                return Task.CompletedTask;
            case Outcome.Unreadable:
                next = now.AddDays(1);
                break;
            case Outcome.NotDue:
                next = subscriber.Schedule.NextDue(subscriber.LastDigestAt ?? now);
                break;
            default:
                next = subscriber.Schedule.NextDue(now);
                break;
        }

        return subscribers.ScheduleAsync(subscriber, next, bucket, cancellationToken);
    }

    /// <summary>Claims, sends and completes one subscriber's digest.</summary>
    private async Task<Outcome> SendOneAsync(Subscriber subscriber, IReadOnlyList<DigestSection> sections, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (sections.Count == 0)
        {
            await subscribers.UpdateProgressAsync(subscriber, now, null, cancellationToken).ConfigureAwait(false);
            return Outcome.NothingNew;
        }

        // Every article the digest delivers, beyond the cap and folded ones included: all count as delivered.
        var ids = DigestBuilder.ArticleIds(sections);
        var digestId = DigestBuilder.DigestId(subscriber, ids);

        // The digest id names the web copy, so a retried send of the same digest links to the same page. The token key
        // that signs the links is checked when the host starts (TokenKeyValidator): no digest goes out without them.
        var digestLinks = links.For(subscriber, digestId);
        string status;
        var outcome = Outcome.NothingNew;
        switch (await deliveries.ClaimAsync(subscriber, digestId, ids, now, cancellationToken).ConfigureAwait(false))
        {
            case DigestClaim.Claimed:
                try
                {
                    await archive.WriteAsync(subscriber.Key, digestId, DigestBuilder.WebCopy(subscriber, sections, now, digestLinks), cancellationToken).ConfigureAwait(false);
                    var message = DigestBuilder.Build(subscriber, sections, now, digestLinks, emailDigests.Value.MaxArticlesPerAlert, MimeMessages.DomainOf(email.Value.From));
                    await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Nothing went out: give the claim back, leave the subscriber's progress, and try at the next pass.
                    PipelineTelemetry.RecordFailure("digest", ex);
                    await deliveries.ReleaseClaimAsync(subscriber, digestId, CancellationToken.None).ConfigureAwait(false);
                    LogSendFailed(logger, ex, subscriber.MaskedEmail, digestId);
                    return Outcome.Failed;
                }

                status = DeliveryStatus.Sent;
                outcome = Outcome.Sent;
                PipelineTelemetry.DigestsSent.Add(1);
                LogSent(logger, subscriber.MaskedEmail, ids.Count, digestId);
                break;
            case DigestClaim.AlreadySent:
                status = DeliveryStatus.Sent;
                LogAlreadySent(logger, subscriber.MaskedEmail, digestId);
                break;
            case DigestClaim.InProgress:
                LogInProgress(logger, subscriber.MaskedEmail, digestId);
                return Outcome.InProgress;
            default:
                status = DeliveryStatus.Unconfirmed;
                LogInterrupted(logger, subscriber.MaskedEmail, digestId);
                break;
        }

        await deliveries.CompleteAsync(subscriber, digestId, ids, status, now, cancellationToken).ConfigureAwait(false);
        await subscribers.UpdateProgressAsync(subscriber, now, now, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// The articles indexed since <paramref name="since"/>, oldest first, each once (at its latest index time, which
    /// is its creation time unless it was indexed late), indexed for matching.
    /// </summary>
    private async Task<DigestWindow> LoadWindowAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var entries = (await summaries.ListEntriesSinceAsync(since, cancellationToken).ConfigureAwait(false))
            .GroupBy(e => e.ArticleId, StringComparer.Ordinal)
            .Select(g => (ArticleId: g.Key, At: g.Max(e => e.At)))
            .OrderBy(e => e.At)
            .ToList();
        var loaded = new WindowArticle?[entries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => loaded[i] = await LoadAsync(entries[i].ArticleId, ct).ConfigureAwait(false) is { } article
                ? article with { IndexedAt = entries[i].At }
                : null).ConfigureAwait(false);
        return new DigestWindow(loaded.OfType<WindowArticle>().ToList());
    }

    private async Task<WindowArticle?> LoadAsync(string articleId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(articleId, out var cached))
        {
            return cached;
        }

        var summary = await summaries.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        var article = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (summary is null || article is null)
        {
            return null;
        }

        var keywords = summary.Keywords.Select(k => k.Phrase).ToList();
        var item = new DigestItem(articleId, summary.Title, summary.Sentences, keywords.Take(6).ToList(), summary.Method, article.Metadata.Url);
        var loaded = new WindowArticle(item, summary.CreatedAt, new MatchableDocument(article.Title, keywords, article.Paragraphs, article.Metadata.Url))
        {
            Signature = NearDuplicates.Compute(article.Title, article.Paragraphs, NearDuplicateSettings.Default),
        };
        if (_cache.Count >= MaxCachedArticles)
        {
            _cache.Clear();
        }

        _cache[articleId] = loaded;
        return loaded;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sent a digest of {ArticleCount} articles to {Email} ({DigestId})")]
    private static partial void LogSent(ILogger logger, string email, int articleCount, string digestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Did not send digest {DigestId} to {Email} again: it was sent before")]
    private static partial void LogAlreadySent(ILogger logger, string email, string digestId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Could not send digest {DigestId} to {Email}; it will be tried again at the next pass")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string email, string digestId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Digest {DigestId} to {Email} was interrupted after it was claimed; it is not sent again, so that it is never sent twice")]
    private static partial void LogInterrupted(ILogger logger, string email, string digestId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Skipped {Email} for a day: their frequency or an alert query is malformed: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string email, string problem);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Digest shard: {SubscriberCount} subscribers, {SentCount} digests sent")]
    private static partial void LogShard(ILogger logger, int subscriberCount, int sentCount);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Digest timer: {DueCount} subscribers due, enqueued in {ShardCount} shards")]
    private static partial void LogEnqueued(ILogger logger, int dueCount, int shardCount);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Digest {DigestId} to {Email} is being sent by another shard; left to it")]
    private static partial void LogInProgress(ILogger logger, string email, string digestId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Scheduled {SubscriberCount} subscribers stored before the schedule index existed")]
    private static partial void LogBackfilled(ILogger logger, int subscriberCount);
}
