using Microsoft.Extensions.Logging;
using Pipeline.Core.Alerts;
using Pipeline.Core.Delivery;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Digests;

/// <summary>
/// One digest pass: for every subscriber whose digest is due, the articles summarised since their last digest that
/// match their alert query go out in one email. A digest is claimed in the deliveries table before it is sent, so
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
        var now = time.GetUtcNow();
        var all = await subscribers.ListAsync(cancellationToken).ConfigureAwait(false);
        var cache = new Dictionary<string, (SummaryDocument Summary, MatchableText Text, string? Url)?>(StringComparer.Ordinal);
        var sent = 0;
        foreach (var subscriber in all)
        {
            if (!subscriber.IsDue(now))
            {
                continue;
            }

            List<AlertQuery> queries;
            try
            {
                queries = subscriber.Alerts.Select(a => AlertQuery.Parse(a.Query)).ToList();
            }
            catch (FormatException ex)
            {
                LogBadQuery(logger, subscriber.MaskedEmail, ex.Message);
                continue;
            }

            var since = (subscriber.CoveredUntil ?? DateTimeOffset.MinValue.AddTicks(Overlap.Ticks)) - Overlap;
            var candidates = await summaries.ListSinceAsync(since, cancellationToken).ConfigureAwait(false);
            var delivered = await deliveries.ListDeliveredArticleIdsAsync(subscriber, cancellationToken).ConfigureAwait(false);
            // Newest first, so that a new subscriber to a busy pipeline gets the latest matches, not its whole history.
            var items = new List<DigestItem>();
            foreach (var id in candidates.Reverse().Where(id => !delivered.Contains(id)).Distinct())
            {
                if (!cache.TryGetValue(id, out var entry))
                {
                    entry = await LoadAsync(id, cancellationToken).ConfigureAwait(false);
                    cache[id] = entry;
                }

                if (entry is { } e && queries.Exists(q => q.Matches(e.Text)))
                {
                    items.Add(new DigestItem(id, e.Summary.Title, e.Summary.Sentences, e.Summary.Keywords.Select(k => k.Phrase).Take(6).ToList(), e.Summary.Method, e.Url));
                    if (items.Count == MaxArticlesPerDigest)
                    {
                        break;
                    }
                }
            }

            items.Reverse();
            if (items.Count == 0)
            {
                await subscribers.UpdateProgressAsync(subscriber, now, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var ids = items.Select(i => i.ArticleId).ToList();
            var digestId = DigestBuilder.DigestId(subscriber, ids);
            string status;
            switch (await deliveries.ClaimAsync(subscriber, digestId, ids, now, cancellationToken).ConfigureAwait(false))
            {
                case DigestClaim.Claimed:
                    try
                    {
                        await sender.SendAsync(DigestBuilder.Build(subscriber, items, now), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Nothing went out: give the claim back, leave the subscriber's progress, and try at the next pass.
                        PipelineTelemetry.RecordFailure("digest", ex);
                        await deliveries.ReleaseClaimAsync(subscriber, digestId, CancellationToken.None).ConfigureAwait(false);
                        LogSendFailed(logger, ex, subscriber.MaskedEmail, digestId);
                        continue;
                    }

                    status = DeliveryStatus.Sent;
                    sent++;
                    PipelineTelemetry.DigestsSent.Add(1);
                    LogSent(logger, subscriber.MaskedEmail, items.Count, digestId);
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
        }

        LogPass(logger, all.Count, sent);
        return sent;
    }

    private async Task<(SummaryDocument, MatchableText, string?)?> LoadAsync(string articleId, CancellationToken cancellationToken)
    {
        var summary = await summaries.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        var article = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (summary is null || article is null)
        {
            return null;
        }

        return (summary, new MatchableText(article.Title, summary.Keywords.Select(k => k.Phrase), article.Paragraphs, article.Metadata.Url), article.Metadata.Url);
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
