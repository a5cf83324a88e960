using Pipeline.Core.Storage;

namespace Pipeline.Cli.Hosting;

/// <summary>How far the pipeline has got with what is in the incoming container right now.</summary>
internal sealed record PipelineProgress(int Incoming, int Ingested, int Quarantined, int Articles, int Summarised, int FailedBlobs, int FailedSummaries)
{
    /// <summary>
    /// Every incoming blob is accounted for, and every article has a summary or has failed for good. An article counts
    /// as summarised once its summary is indexed (what a digest finds), not when it is written: a run that wrote the
    /// summary and then failed to index it is retried, and until that retry the article is not done. (While articles
    /// still lack a summary, <see cref="Summarised"/> counts summaries and the index is not read: the run is not idle
    /// either way, and each look at progress is load on storage.)
    /// </summary>
    public bool IsIdle => Ingested + FailedBlobs >= Incoming && Summarised + FailedSummaries >= Articles;

    public override string ToString() =>
        $"{Ingested}/{Incoming} files ingested ({Quarantined} quarantined), {Summarised}/{Articles} articles summarised" +
        (FailedBlobs + FailedSummaries > 0 ? $", {FailedBlobs} files and {FailedSummaries} summaries failed (see the poison queues)" : "");

    public static async Task<PipelineProgress> ReadAsync(
        IncomingBlobs incoming,
        IngestionLedger ledger,
        SummaryStore summaries,
        SummariseQueue summariseQueue,
        CancellationToken cancellationToken)
    {
        var ingestions = await ledger.ListAsync(cancellationToken).ConfigureAwait(false);
        var files = 0;
        var ingested = 0;
        var quarantined = 0;
        var articleIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in incoming.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!BlobNames.IsReadable(blob.Name))
            {
                // The feed does not announce it (it cannot be read); status --verify names it.
                continue;
            }

            files++;
            if (ingestions.TryGetValue((blob.Name, blob.Version), out var record))
            {
                ingested++;
                quarantined += record.Quarantined ? 1 : 0;
                articleIds.UnionWith(record.ArticleIds);
            }
        }

        var summarised = await summaries.ListIdsAsync(cancellationToken).ConfigureAwait(false);
        var failedSummaries = await summariseQueue.CountFailedAsync(cancellationToken).ConfigureAwait(false);
        var done = articleIds.Count(summarised.Contains);
        if (done + failedSummaries >= articleIds.Count)
        {
            var indexed = await summaries.ListIndexedIdsAsync(cancellationToken).ConfigureAwait(false);
            done = articleIds.Count(id => summarised.Contains(id) && indexed.Contains(id));
        }

        return new PipelineProgress(
            files,
            ingested,
            quarantined,
            articleIds.Count,
            done,
            await incoming.CountFailedAsync(cancellationToken).ConfigureAwait(false),
            failedSummaries);
    }
}
