using Microsoft.Extensions.Logging;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Reliability;

/// <summary>
/// Brings back an article that a summarise message names but storage lost (Azurite killed before it wrote it, say):
/// parses its source blob again. Safe to repeat: parsing stores an article once per id and a summary once.
/// </summary>
public sealed partial class ArticleRecovery(ArticleIngestor ingestor, IngestionLedger ledger, ILogger<ArticleRecovery> logger)
{
    /// <summary>
    /// Parses the blob that produced <paramref name="articleId"/> again: <paramref name="source"/> when the message
    /// names it, otherwise every blob the ingestion ledger says produced it. True when the article is stored again.
    /// </summary>
    public async Task<bool> RecoverAsync(string articleId, string? source, CancellationToken cancellationToken = default)
    {
        var sources = source is not null ? [source] : await ledger.FindSourcesAsync(articleId, cancellationToken).ConfigureAwait(false);
        foreach (var name in sources)
        {
            var record = await ingestor.ReingestAsync(name, cancellationToken).ConfigureAwait(false);
            if (record is not null && record.ArticleIds.Contains(articleId, StringComparer.Ordinal))
            {
                LogRecovered(logger, articleId, name);
                return true;
            }
        }

        LogUnrecoverable(logger, articleId, sources.Count);
        return false;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Recovered the missing article {ArticleId} by parsing {BlobName} again")]
    private static partial void LogRecovered(ILogger logger, string articleId, string blobName);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "The article {ArticleId} is missing and none of its {SourceCount} source blob(s) produces it any more")]
    private static partial void LogUnrecoverable(ILogger logger, string articleId, int sourceCount);
}
