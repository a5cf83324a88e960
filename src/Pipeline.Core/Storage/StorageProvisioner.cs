using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>Creates every container, queue and table the pipeline uses.</summary>
public sealed class StorageProvisioner(StorageClients clients, IOptions<StorageOptions> options)
{
    /// <summary>The blob containers the pipeline owns.</summary>
    public IReadOnlyList<string> Containers { get; } =
        [options.Value.IncomingContainer, options.Value.ArticlesContainer, options.Value.SummariesContainer, options.Value.QuarantineContainer, options.Value.DigestsContainer];

    /// <summary>The queues the pipeline owns (their poison queues are made by the queue trigger when first needed).</summary>
    public IReadOnlyList<string> Queues { get; } = [options.Value.SummariseQueue, options.Value.DigestsQueue];

    /// <summary>The tables the pipeline owns.</summary>
    public IReadOnlyList<string> Tables { get; } =
        [options.Value.SubscribersTable, options.Value.SubscriberScheduleTable, options.Value.DeliveriesTable, options.Value.IngestionsTable, options.Value.SummaryIndexTable, options.Value.AnnouncedBlobsTable, options.Value.FailuresTable];

    /// <summary>Creates every container, queue and table that is missing. Safe to call at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(Containers.Select(c => clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(Queues.Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(Tables.Select(t => clients.Tables.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="name"/> is one of the pipeline's own resources of <paramref name="service"/>.</summary>
    public bool Owns(StorageService service, string name) => (service switch
    {
        StorageService.Blob => Containers,
        StorageService.Queue => Queues,
        _ => Tables,
    }).Contains(name, StringComparer.Ordinal);
}
