using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Ingests one incoming blob: parses it into articles, stores each, and queues it for summarising; or quarantines
/// the file with a reason. Idempotent per blob version, so at-least-once delivery changes nothing the second time.
/// Transient storage failures throw, so that the host retries.
/// </summary>
public sealed partial class ArticleIngestor(
    IncomingBlobs incoming,
    IngestionLedger ledger,
    ArticleStore articles,
    SummaryStore summaries,
    SummariseQueue summariseQueue,
    QuarantineStore quarantine,
    FailureLog failures,
    ArticleParser parser,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<ArticleIngestor> logger)
{
    /// <summary>Ingests the current version of the incoming blob named <paramref name="name"/>; null when it is gone.</summary>
    public Task<IngestionRecord?> IngestAsync(string name, CancellationToken cancellationToken = default) =>
        IngestTracedAsync(name, reingest: false, cancellationToken);

    /// <summary>
    /// Parses the current version of <paramref name="name"/> again even though the ledger has a record of it: for
    /// repairing storage that lost the articles it produced. Stores nothing twice.
    /// </summary>
    public Task<IngestionRecord?> ReingestAsync(string name, CancellationToken cancellationToken = default) =>
        IngestTracedAsync(name, reingest: true, cancellationToken);

    private async Task<IngestionRecord?> IngestTracedAsync(string name, bool reingest, CancellationToken cancellationToken)
    {
        using var activity = PipelineTelemetry.Source.StartActivity("ParseArticle", ActivityKind.Consumer);
        activity?.SetTag("pipeline.blob.name", name);
        try
        {
            var record = await IngestCoreAsync(name, reingest, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("pipeline.article.ids", record is null ? null : string.Join(',', record.ArticleIds));
            activity?.SetTag("pipeline.quarantine.reason", record?.ReasonCode);
            return record;
        }
        catch (Exception ex) when (PipelineTelemetry.RecordFailure("parse", ex))
        {
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // After its last try the blob lands in the blob trigger's poison queue, which does not say why.
            await failures.RecordAsync(FailureLog.Ingest, name, ex, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IngestionRecord?> IngestCoreAsync(string name, bool reingest, CancellationToken cancellationToken)
    {
        // One request gives the version and the bytes; the bytes are only read when this version is new.
        if (await incoming.OpenAsync(name, cancellationToken).ConfigureAwait(false) is not { } download)
        {
            LogBlobGone(logger, name);
            return null;
        }

        await using (download.ConfigureAwait(false))
        {
            return await IngestCoreAsync(download, reingest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IngestionRecord?> IngestCoreAsync(IncomingDownload download, bool reingest, CancellationToken cancellationToken)
    {
        var (blob, stream) = (download.Blob, download.Content);
        var name = blob.Name;
        if (!reingest && await ledger.GetAsync(name, blob.Version, cancellationToken).ConfigureAwait(false) is { } done)
        {
            LogAlreadyIngested(logger, name);
            return done;
        }

        IngestionRecord record;
        if (blob.Size > options.Value.MaxFileBytes)
        {
            var rejection = new Rejection(RejectionCodes.TooLarge, $"The file is {blob.Size:N0} bytes; the limit is {options.Value.MaxFileBytes:N0} bytes (Ingestion:MaxFileBytes).");
            // Stream the original to quarantine without holding it in memory.
            return await QuarantineAsync(blob, stream, rejection, cancellationToken).ConfigureAwait(false);
        }

        var content = await BinaryData.FromStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        ParseOutcome outcome;
        try
        {
            outcome = parser.Parse(content.ToMemory().Span, name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Parsing is deterministic: a retry would fail the same way and end in the poison queue. Keep the file,
            // with the reason, so that it can be dropped again once the parser is fixed.
            LogParserFailed(logger, ex, name);
            outcome = ParseOutcome.Rejected(RejectionCodes.ParserError, $"The parser failed on this file ({ex.GetType().Name}: {ex.Message}). Please report it.");
        }

        if (outcome.Rejection is { } rejected)
        {
            return await QuarantineAsync(blob, content.ToStream(), rejected, cancellationToken).ConfigureAwait(false);
        }

        var ids = new List<string>();
        var now = time.GetUtcNow();
        foreach (var parsed in outcome.Articles)
        {
            var article = ArticleDocument.From(parsed, name, now);
            var isNew = await articles.SaveAsync(article, cancellationToken).ConfigureAwait(false);
            // Queue whenever no summary exists yet, not only when new: a crash between saving and queueing must not
            // strand the article. A new article has no summary to look for (or, if storage lost the article and kept
            // its summary, one extra message that the summariser skips), so only a known one costs the check.
            if (isNew || !await summaries.ExistsAsync(article.Id, cancellationToken).ConfigureAwait(false))
            {
                await summariseQueue.EnqueueAsync(article.Id, name, cancellationToken).ConfigureAwait(false);
            }

            PipelineTelemetry.ArticlesParsed.Add(1, new KeyValuePair<string, object?>("new", isNew));
            LogParsed(logger, article.Id, name, article.Format, article.WordCount, isNew);
            ids.Add(article.Id);
        }

        record = new IngestionRecord(name, blob.ETag?.ToString() ?? "", ids, null, now);
        await ledger.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<IngestionRecord> QuarantineAsync(IncomingBlob blob, Stream content, Rejection rejection, CancellationToken cancellationToken)
    {
        await quarantine.QuarantineAsync(blob.Name, content, rejection, cancellationToken).ConfigureAwait(false);
        PipelineTelemetry.FilesQuarantined.Add(1, new KeyValuePair<string, object?>("reason", rejection.Code));
        LogQuarantined(logger, blob.Name, rejection.Code, rejection.Message);
        var record = new IngestionRecord(blob.Name, blob.ETag?.ToString() ?? "", [], rejection.Code, time.GetUtcNow());
        await ledger.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Parsed {ArticleId} from {BlobName} ({Format}, {WordCount} words, new: {IsNew})")]
    private static partial void LogParsed(ILogger logger, string articleId, string blobName, ArticleFormat format, int wordCount, bool isNew);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Quarantined {BlobName}: {ReasonCode}: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string blobName, string reasonCode, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "The parser failed on {BlobName}; it is quarantined")]
    private static partial void LogParserFailed(ILogger logger, Exception exception, string blobName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Skipped {BlobName}: this version was already ingested")]
    private static partial void LogAlreadyIngested(ILogger logger, string blobName);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Skipped {BlobName}: it was deleted before it could be read")]
    private static partial void LogBlobGone(ILogger logger, string blobName);
}
