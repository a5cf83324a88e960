using Microsoft.Extensions.Logging;
using Pipeline.Core.Alerts;
using Pipeline.Core.Delivery;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Digests;

/// <summary>
/// One digest pass: for every subscriber whose digest is due, the articles summarised since their last digest that
/// match any of their alerts go out in one email, under a heading per alert. A digest is claimed in the deliveries table before it is sent, so
/// the same digest is never sent twice, and every article is delivered to a subscriber at most once.
/// </summary>
public sealed partial class DigestService(
    SubscriberStore subscribers,
    SummaryStore summaries,
    ArticleStore articles,
    DeliveryLedger deliveries,
    IEmailSender sender,
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

    /// <summary>Runs one pass and returns how many digests were sent.</summary>
    public async Task<int> SendDueDigestsAsync(CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Source.StartActivity("SendDigests");
        try
        {
            var sent = await SendCoreAsync(cancellationToken).ConfigureAwait(false);
            activity?.SetTag("pipeline.digests.sent", sent);
            return sent;
        }
        catch (Exception ex) when (PipelineTelemetry.RecordFailure("digest", ex))
        {
            throw;
        }
    }

    private async Task<int> SendCoreAsync(CancellationToken cancellationToken)
    {
        var all = await subscribers.ListAsync(cancellationToken).ConfigureAwait(false);
        var sent = await SendAsync(all, cancellationToken).ConfigureAwait(false);
        LogPass(logger, all.Count, sent);
        return sent;
    }

    /// <summary>
    /// Sends the digests of those of <paramref name="batch"/> who are due: one window of articles, indexed once, from
    /// the earliest point any of them still needs; then one digest per subscriber, grouped by alert.
    /// </summary>
    private async Task<int> SendAsync(IReadOnlyList<Subscriber> batch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<(Subscriber Subscriber, List<ParsedAlert> Alerts, DateTimeOffset Since)>();
        foreach (var subscriber in batch.Where(s => s.IsDue(now)))
        {
            try
            {
                var alerts = subscriber.Alerts.Select(a => new ParsedAlert(a, AlertQuery.Parse(a.Query))).ToList();
                due.Add((subscriber, alerts, (subscriber.CoveredUntil ?? DateTimeOffset.MinValue.AddTicks(Overlap.Ticks)) - Overlap));
            }
            catch (FormatException ex)
            {
                LogBadQuery(logger, subscriber.MaskedEmail, ex.Message);
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var window = await LoadWindowAsync(due.Min(d => d.Since), cancellationToken).ConfigureAwait(false);
        var sent = 0;
        foreach (var (subscriber, alerts, since) in due)
        {
            var delivered = await deliveries.ListDeliveredArticleIdsAsync(subscriber, cancellationToken).ConfigureAwait(false);
            var sections = window.Select(alerts, since, delivered, MaxArticlesPerDigest);
            if (await SendOneAsync(subscriber, sections, now, cancellationToken).ConfigureAwait(false))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Claims, sends and completes one subscriber's digest; true when an email went out.</summary>
    private async Task<bool> SendOneAsync(Subscriber subscriber, IReadOnlyList<DigestSection> sections, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (sections.Count == 0)
        {
            await subscribers.UpdateProgressAsync(subscriber, now, null, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var ids = sections.SelectMany(s => s.Items).Select(i => i.ArticleId).ToList();
        var digestId = DigestBuilder.DigestId(subscriber, ids);
        string status;
        var sent = false;
        switch (await deliveries.ClaimAsync(subscriber, digestId, ids, now, cancellationToken).ConfigureAwait(false))
        {
            case DigestClaim.Claimed:
                try
                {
                    await sender.SendAsync(DigestBuilder.Build(subscriber, sections, now), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Nothing went out: give the claim back, leave the subscriber's progress, and try at the next pass.
                    PipelineTelemetry.RecordFailure("digest", ex);
                    await deliveries.ReleaseClaimAsync(subscriber, digestId, CancellationToken.None).ConfigureAwait(false);
                    LogSendFailed(logger, ex, subscriber.MaskedEmail, digestId);
                    return false;
                }

                status = DeliveryStatus.Sent;
                sent = true;
                PipelineTelemetry.DigestsSent.Add(1);
                LogSent(logger, subscriber.MaskedEmail, ids.Count, digestId);
                break;
            case DigestClaim.AlreadySent:
                status = DeliveryStatus.Sent;
                LogAlreadySent(logger, subscriber.MaskedEmail, digestId);
                break;
            default:
                status = DeliveryStatus.Unconfirmed;
                LogInterrupted(logger, subscriber.MaskedEmail, digestId);
                break;
        }

        await deliveries.CompleteAsync(subscriber, digestId, ids, status, now, cancellationToken).ConfigureAwait(false);
        await subscribers.UpdateProgressAsync(subscriber, now, now, cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <summary>The articles summarised since <paramref name="since"/>, oldest first, each once, indexed for matching.</summary>
    private async Task<DigestWindow> LoadWindowAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ids = (await summaries.ListSinceAsync(since, cancellationToken).ConfigureAwait(false)).Distinct(StringComparer.Ordinal).ToList();
        var loaded = new WindowArticle?[ids.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => loaded[i] = await LoadAsync(ids[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new DigestWindow(loaded.OfType<WindowArticle>().ToList());
    }

    private async Task<WindowArticle?> LoadAsync(string articleId, CancellationToken cancellationToken)
    {
        var summary = await summaries.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        var article = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (summary is null || article is null)
        {
            return null;
        }

        var keywords = summary.Keywords.Select(k => k.Phrase).ToList();
        var item = new DigestItem(articleId, summary.Title, summary.Sentences, keywords.Take(6).ToList(), summary.Method, article.Metadata.Url);
        return new WindowArticle(item, summary.CreatedAt, new MatchableDocument(article.Title, keywords, article.Paragraphs, article.Metadata.Url));
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sent a digest of {ArticleCount} articles to {Email} ({DigestId})")]
    private static partial void LogSent(ILogger logger, string email, int articleCount, string digestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Did not send digest {DigestId} to {Email} again: it was sent before")]
    private static partial void LogAlreadySent(ILogger logger, string email, string digestId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Could not send digest {DigestId} to {Email}; it will be tried again at the next pass")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string email, string digestId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Digest {DigestId} to {Email} was interrupted after it was claimed; it is not sent again, so that it is never sent twice")]
    private static partial void LogInterrupted(ILogger logger, string email, string digestId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Skipped {Email}: their alert query is malformed: {Problem}")]
    private static partial void LogBadQuery(ILogger logger, string email, string problem);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Digest pass: {SubscriberCount} subscribers, {SentCount} digests sent")]
    private static partial void LogPass(ILogger logger, int subscriberCount, int sentCount);
}
