using Azure.Storage.Queues;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Hosting;

/// <summary>How far the pipeline has got with what is in the incoming container right now.</summary>
internal sealed record PipelineProgress(int Incoming, int Ingested, int Quarantined, int Articles, int Summarised, int FailedBlobs, int FailedSummaries)
{
    /// <summary>Every incoming blob is accounted for, and every article has a summary or has failed for good.</summary>
    public bool IsIdle => Ingested + FailedBlobs >= Incoming && Summarised + FailedSummaries >= Articles;

    public override string ToString() =>
        $"{Ingested}/{Incoming} files ingested ({Quarantined} quarantined), {Summarised}/{Articles} articles summarised" +
        (FailedBlobs + FailedSummaries > 0 ? $", {FailedBlobs} files and {FailedSummaries} summaries failed (see the poison queues)" : "");

    public static async Task<PipelineProgress> ReadAsync(PipelineStore store, QueueClient blobPoison, CancellationToken cancellationToken)
    {
        var ingestions = await store.ListIngestionsAsync(cancellationToken).ConfigureAwait(false);
        var incoming = 0;
        var ingested = 0;
        var quarantined = 0;
        var articleIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in store.Incoming.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            incoming++;
            if (ingestions.TryGetValue((blob.Name, PipelineStore.VersionOf(blob.Properties.ETag)), out var record))
            {
                ingested++;
                quarantined += record.Quarantined ? 1 : 0;
                articleIds.UnionWith(record.ArticleIds);
            }
        }

        var summarised = await store.ListSummarisedIdsAsync(cancellationToken).ConfigureAwait(false);
        return new PipelineProgress(
            incoming,
            ingested,
            quarantined,
            articleIds.Count,
            articleIds.Count(summarised.Contains),
            await CountAsync(blobPoison, cancellationToken).ConfigureAwait(false),
            await CountAsync(store.SummarisePoisonQueue, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<int> CountAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        if (!await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var properties = await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }
}
