using System.Net;
using System.Runtime.CompilerServices;
using Azure;
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

    /// <summary>Every announced version with when it was announced, page by page (the table's own order).</summary>
    public async IAsyncEnumerable<AnnouncedBlob> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(select: ["Name", "ETag", "Ingested", "Timestamp"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return AnnouncedBlob.FromEntity(entity);
        }
    }

    /// <summary>The version of <paramref name="name"/> last announced, or null when none was.</summary>
    public async Task<AnnouncedBlob?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Of(name)[..2], TableKey.Of(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? AnnouncedBlob.FromEntity(entity.Value!) : null;
    }

    /// <summary>Notes that the announced version was ingested, so that the reconciler need not look at it again.</summary>
    public Task MarkIngestedAsync(AnnouncedBlob blob, CancellationToken cancellationToken = default) =>
        IfUnchangedAsync(() => Table.UpdateEntityAsync(new TableEntity(TableKey.Of(blob.Name)[..2], TableKey.Of(blob.Name)) { ["Ingested"] = true }, blob.RowETag, TableUpdateMode.Merge, cancellationToken));

    /// <summary>
    /// Forgets that this version was announced, so that the feed announces it again; does nothing when the row has
    /// changed since it was read (a newer version was announced meanwhile).
    /// </summary>
    public Task ForgetAsync(AnnouncedBlob blob, CancellationToken cancellationToken = default) =>
        IfUnchangedAsync(() => Table.DeleteEntityAsync(TableKey.Of(blob.Name)[..2], TableKey.Of(blob.Name), blob.RowETag, cancellationToken));

    private static async Task IfUnchangedAsync(Func<Task<Response>> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Someone else moved it on; their version wins.
        }
    }
}

/// <summary>A blob version the feed announced, when, and whether its ingestion has been confirmed.</summary>
public sealed record AnnouncedBlob(string Name, string Version, DateTimeOffset At, bool Ingested, ETag RowETag)
{
    internal static AnnouncedBlob FromEntity(TableEntity entity) => new(
        entity.GetString("Name"),
        entity.GetString("ETag"),
        entity.Timestamp ?? DateTimeOffset.MinValue,
        entity.GetBoolean("Ingested") ?? false,
        entity.ETag);
}
