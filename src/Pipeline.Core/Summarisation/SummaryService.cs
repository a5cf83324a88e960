using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Summarises one stored article with the configured summariser and stores the result. Idempotent: an article has
/// one summary whatever the number of deliveries (a create-if-absent write), and one that has a summary is never
/// paid for again (a paid summariser is only called when no summary exists; see <see cref="ISummariser.IsPaid"/>).
/// </summary>
public sealed partial class SummaryService(ArticleStore articles, SummaryStore summaries, ISummariser summariser, ArticleRecovery recovery, FailureLog failures, TimeProvider time, ILogger<SummaryService> logger)
{
    /// <summary>
    /// How late a summary's index row may come and still be keyed by the summary's creation time. A row written later
    /// (the run that wrote the summary failed on its row, and a retry, <c>requeue</c> or the reconciler came back
    /// after a digest pass had moved past that time) is keyed by the time it is written, so that the next digest
    /// finds it; a digest pass looks back <see cref="Digests.DigestService.Overlap"/>, twice this.
    /// </summary>
    internal static readonly TimeSpan LateIndexAfter = Digests.DigestService.Overlap / 2;

    /// <summary>Summarises the article a queue message names, continuing the trace that queued it.</summary>
    public async Task<SummaryDocument?> SummariseAsync(SummariseMessage message, CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.StartLinked("SummariseArticle", ActivityKind.Consumer, message.TraceParent);
        activity?.SetTag("pipeline.article.id", message.ArticleId);
        try
        {
            var summary = await SummariseAsync(message.ArticleId, message.Source, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("pipeline.summary.method", summary?.Method);
            return summary;
        }
        catch (Exception ex) when (PipelineTelemetry.RecordFailure("summarise", ex))
        {
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The host retries, then parks the message in the poison queue without its error: keep the error for `status`.
            await failures.RecordAsync(FailureLog.Summarise, message.ArticleId, ex, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    public Task<SummaryDocument?> SummariseAsync(string articleId, CancellationToken cancellationToken = default) =>
        SummariseAsync(articleId, source: null, cancellationToken);

    private async Task<SummaryDocument?> SummariseAsync(string articleId, string? source, CancellationToken cancellationToken)
    {
        if (summariser.IsPaid && await summaries.GetAsync(articleId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // Make sure a crash between writing the summary and indexing it is repaired on the retry.
            await IndexAsync(existing, cancellationToken).ConfigureAwait(false);
            LogAlreadySummarised(logger, articleId);
            return existing;
        }

        var article = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (article is null && await recovery.RecoverAsync(articleId, source, cancellationToken).ConfigureAwait(false))
        {
            // Storage lost the article (a crash before its write was durable); parsing its source again restored it.
            article = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        }

        if (article is null)
        {
            LogArticleMissing(logger, articleId);
            return null;
        }

        var request = new SummaryRequest(article.Id, article.Title, article.Paragraphs, article.Metadata.Language);
        var draft = await summariser.SummariseAsync(request, cancellationToken).ConfigureAwait(false);
        var summary = SummaryDocument.From(article.Id, article.Title, draft, time.GetUtcNow());
        if (await summaries.TryCreateAsync(summary, cancellationToken).ConfigureAwait(false))
        {
            PipelineTelemetry.ArticlesSummarised.Add(1, new KeyValuePair<string, object?>("method", summary.Method));
        }
        else
        {
            // An earlier or concurrent delivery of the same message won; keep its summary, not ours (and index it, in
            // case that delivery stopped between its write and its index row).
            summary = await summaries.GetAsync(articleId, cancellationToken).ConfigureAwait(false) ?? summary;
            LogAlreadySummarised(logger, articleId);
        }

        await IndexAsync(summary, cancellationToken).ConfigureAwait(false);
        LogSummarised(logger, articleId, summary.Method, summary.Sentences.Count, summary.Keywords.Count);
        return summary;
    }

    private async Task IndexAsync(SummaryDocument summary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - summary.CreatedAt <= LateIndexAfter)
        {
            await summaries.IndexAsync(summary, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await summaries.IsIndexedAtCreationAsync(summary, cancellationToken).ConfigureAwait(false))
        {
            // An earlier delivery indexed it in time (this is a duplicate message): digests have seen it.
            return;
        }

        await summaries.IndexAsync(summary, now, cancellationToken).ConfigureAwait(false);
        LogIndexedLate(logger, summary.ArticleId, (int)(now - summary.CreatedAt).TotalMinutes);
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Indexed {ArticleId} {Minutes} min after its summary was written, at the time of indexing so that the next digest finds it")]
    private static partial void LogIndexedLate(ILogger logger, string articleId, int minutes);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Summarised {ArticleId} ({Method}, {SentenceCount} sentences, {KeywordCount} keywords)")]
    private static partial void LogSummarised(ILogger logger, string articleId, string method, int sentenceCount, int keywordCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Skipped {ArticleId}: already summarised")]
    private static partial void LogAlreadySummarised(ILogger logger, string articleId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Skipped {ArticleId}: no such article, and its source could not restore it")]
    private static partial void LogArticleMissing(ILogger logger, string articleId);
}
