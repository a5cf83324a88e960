using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>Creates every container, queue and table the pipeline uses.</summary>
public sealed class StorageProvisioner(StorageClients clients, IOptions<StorageOptions> options)
{
    /// <summary>Creates every container, queue and table that is missing. Safe to call at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var names = options.Value;
        var containers = new[] { names.IncomingContainer, names.ArticlesContainer, names.SummariesContainer, names.QuarantineContainer, names.DigestsContainer };
        await Task.WhenAll(containers.Select(c => clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(new[] { names.SummariseQueue, names.DigestsQueue }.Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
        var tables = new[] { names.SubscribersTable, names.SubscriberScheduleTable, names.DeliveriesTable, names.IngestionsTable, names.SummaryIndexTable, names.AnnouncedBlobsTable };
        await Task.WhenAll(tables.Select(t => clients.Tables.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken))).ConfigureAwait(false);
    }
}
