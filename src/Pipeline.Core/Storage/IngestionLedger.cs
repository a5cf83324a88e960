using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Storage;

/// <summary>What happened to each version of each incoming file: the articles it produced, or why it was quarantined.</summary>
public sealed class IngestionLedger(StorageClients clients, IOptions<StorageOptions> options)
{
    private TableClient Table => clients.Tables.GetTableClient(options.Value.IngestionsTable);

    /// <summary>What happened to one version (see <see cref="BlobVersion"/>) of an incoming blob, if it was ingested.</summary>
    public async Task<IngestionRecord?> GetAsync(string blobName, string version, CancellationToken cancellationToken = default)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Of(blobName), BlobVersion.Of(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? IngestionRecord.FromEntity(entity.Value!) : null;
    }

    /// <summary>Records an outcome, replacing any earlier one for the same version.</summary>
    public async Task RecordAsync(IngestionRecord record, CancellationToken cancellationToken = default) =>
        await Table.UpsertEntityAsync(record.ToEntity(TableKey.Of(record.BlobName), BlobVersion.Of(record.ETag)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>Every ingestion outcome recorded, keyed by blob name and version.</summary>
    public async Task<Dictionary<(string Name, string Version), IngestionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<(string, string), IngestionRecord>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = IngestionRecord.FromEntity(entity);
            records[(record.BlobName, BlobVersion.Of(record.ETag))] = record;
        }

        return records;
    }

    /// <summary>
    /// The names of the blobs whose recorded ingestion produced <paramref name="articleId"/>. Reads the whole table,
    /// page by page: for repairing a message written before messages named their source, not for the hot path.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindSourcesAsync(string articleId, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(select: ["BlobName", "ArticleIds"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((entity.GetString(nameof(IngestionRecord.ArticleIds)) ?? "").Split(',').Contains(articleId, StringComparer.Ordinal))
            {
                names.Add(entity.GetString(nameof(IngestionRecord.BlobName)));
            }
        }

        return names;
    }
}
