using Azure.Data.Tables;

namespace Pipeline.Core.Ingestion;

/// <summary>The outcome of ingesting one version of one incoming blob.</summary>
/// <param name="BlobName">The blob's name in the incoming container.</param>
/// <param name="ETag">The version that was ingested.</param>
/// <param name="ArticleIds">The articles it produced; empty when quarantined.</param>
/// <param name="ReasonCode">Why it was quarantined, or null.</param>
/// <param name="At">When it was ingested.</param>
public sealed record IngestionRecord(string BlobName, string ETag, IReadOnlyList<string> ArticleIds, string? ReasonCode, DateTimeOffset At)
{
    public bool Quarantined => ReasonCode is not null;

    internal TableEntity ToEntity(string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        [nameof(BlobName)] = BlobName,
        [nameof(ETag)] = ETag,
        [nameof(ArticleIds)] = string.Join(',', ArticleIds),
        [nameof(ReasonCode)] = ReasonCode,
        [nameof(At)] = At,
    };

    internal static IngestionRecord FromEntity(TableEntity entity) => new(
        entity.GetString(nameof(BlobName)),
        entity.GetString(nameof(ETag)),
        (entity.GetString(nameof(ArticleIds)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        entity.GetString(nameof(ReasonCode)),
        entity.GetDateTimeOffset(nameof(At)) ?? DateTimeOffset.MinValue);
}
