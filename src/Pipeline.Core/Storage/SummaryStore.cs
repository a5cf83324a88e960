using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Storage;

/// <summary>
/// Summaries, one JSON blob each (<c>{articleId}.json</c> in the summaries container), and the summary index: a
/// table of every summary by creation time, which the digest pass reads.
/// </summary>
public sealed class SummaryStore(StorageClients clients, IOptions<StorageOptions> options)
{
    private const string IndexPartition = "summaries";

    private BlobContainerClient Container => clients.Blobs.GetBlobContainerClient(options.Value.SummariesContainer);

    private TableClient Index => clients.Tables.GetTableClient(options.Value.SummaryIndexTable);

    private BlobClient Blob(string articleId) => Container.GetBlobClient(articleId + ".json");

    /// <summary>The summary of <paramref name="articleId"/>, or null when it has none.</summary>
    public Task<SummaryDocument?> GetAsync(string articleId, CancellationToken cancellationToken = default) =>
        StorageJson.ReadAsync<SummaryDocument>(Blob(articleId), cancellationToken);

    /// <summary>Stores a summary unless one exists already. Returns false when another writer got there first.</summary>
    public Task<bool> TryCreateAsync(SummaryDocument summary, CancellationToken cancellationToken = default) =>
        StorageJson.TryCreateAsync(Blob(summary.ArticleId), summary, cancellationToken);

    public async Task<bool> ExistsAsync(string articleId, CancellationToken cancellationToken = default) =>
        (await Blob(articleId).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The ids of every summarised article.</summary>
    public async Task<HashSet<string>> ListIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in Container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(Path.GetFileNameWithoutExtension(item.Name));
        }

        return ids;
    }

    /// <summary>The ids of every summarised article, in ordinal order, page by page.</summary>
    public IAsyncEnumerable<string> StreamIdsAsync(CancellationToken cancellationToken = default) => JsonBlobIds.ListAsync(Container, cancellationToken);

    /// <summary>Records that <paramref name="summary"/> exists, keyed by its creation time. Idempotent.</summary>
    public Task IndexAsync(SummaryDocument summary, CancellationToken cancellationToken = default) =>
        IndexAsync(summary, summary.CreatedAt, cancellationToken);

    /// <summary>
    /// Records that <paramref name="summary"/> exists, keyed by <paramref name="at"/>: when digests may first see it
    /// (its creation time, unless it is indexed late). Idempotent for the same time.
    /// </summary>
    public async Task IndexAsync(SummaryDocument summary, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(IndexPartition, IndexKey(at, summary.ArticleId))
        {
            ["ArticleId"] = summary.ArticleId,
            ["CreatedAt"] = summary.CreatedAt,
        };
        await Index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the index holds <paramref name="summary"/>'s row at its creation time (one point read).</summary>
    public async Task<bool> IsIndexedAtCreationAsync(SummaryDocument summary, CancellationToken cancellationToken = default) =>
        (await Index.GetEntityIfExistsAsync<TableEntity>(IndexPartition, IndexKey(summary.CreatedAt, summary.ArticleId), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;

    /// <summary>The ids of articles indexed after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        [.. (await ListEntriesSinceAsync(since, cancellationToken).ConfigureAwait(false)).Select(e => e.ArticleId)];

    /// <summary>The index rows after <paramref name="since"/>, oldest first: each article and the time it is indexed at.</summary>
    public async Task<IReadOnlyList<(string ArticleId, DateTimeOffset At)>> ListEntriesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition} and RowKey gt {TimeKey(since)}");
        var entries = new List<(string, DateTimeOffset)>();
        await foreach (var entity in Index.QueryAsync<TableEntity>(filter, select: ["RowKey", "ArticleId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var ticks = long.Parse(entity.RowKey.AsSpan(0, TimeKeyLength), NumberStyles.None, CultureInfo.InvariantCulture);
            entries.Add((entity.GetString("ArticleId"), new DateTimeOffset(ticks, TimeSpan.Zero)));
        }

        return entries;
    }

    /// <summary>
    /// The ids of every article the summary index names: the summaries a digest can find. A summary is written before
    /// its index row, so a run that stopped between the two leaves a summary this set lacks until a retry indexes it.
    /// </summary>
    public async Task<HashSet<string>> ListIndexedIdsAsync(CancellationToken cancellationToken = default) =>
        (await ListSinceAsync(DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

    /// <summary>How many rows the summary index holds (one per indexed summary), counted page by page.</summary>
    public async Task<int> CountIndexedAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition}");
        var rows = 0;
        await foreach (var _ in Index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        return rows;
    }

    private const int TimeKeyLength = 19;

    private static string IndexKey(DateTimeOffset at, string articleId) => TimeKey(at) + "-" + articleId;

    private static string TimeKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
