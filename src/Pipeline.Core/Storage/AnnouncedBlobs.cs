using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>The blob-change feed's durable record of the incoming blob versions it has announced (local host only).</summary>
public sealed class AnnouncedBlobs(StorageClients clients, IOptions<StorageOptions> options)
{
    private TableClient Table => clients.Tables.GetTableClient(options.Value.AnnouncedBlobsTable);

    /// <summary>Every blob version announced: name to version (see <see cref="BlobVersion"/>).</summary>
    public async Task<Dictionary<string, string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var announced = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            announced[entity.GetString("Name")] = entity.GetString("ETag");
        }

        return announced;
    }

    /// <summary>Records that these blob versions were announced. Written after the announcement: at least once.</summary>
    public async Task RecordAsync(IEnumerable<(string Name, string Version)> blobs, CancellationToken cancellationToken = default)
    {
        // One partition per key prefix keeps each batch inside a single partition, as transactions require.
        foreach (var group in blobs.GroupBy(b => TableKey.Of(b.Name)[..2]))
        {
            foreach (var batch in group.Chunk(100))
            {
                var actions = batch.Select(b => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(group.Key, TableKey.Of(b.Name)) { ["Name"] = b.Name, ["ETag"] = b.Version }));
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
