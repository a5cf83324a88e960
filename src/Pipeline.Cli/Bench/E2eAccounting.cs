using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;

namespace Pipeline.Cli.Bench;

/// <summary>After a run: what storage holds for each dropped file and each article it produced.</summary>
internal sealed class E2eAccounting
{
    private E2eAccounting(Dictionary<string, IngestionRecord> records, Dictionary<string, SummaryDocument> summaries, StageRecorder recorder, E2eCounts counts)
    {
        Records = records;
        Summaries = summaries;
        Recorder = recorder;
        Counts = counts;
    }

    /// <summary>Blob name to its ledger record.</summary>
    public Dictionary<string, IngestionRecord> Records { get; }

    /// <summary>Article id to its summary.</summary>
    public Dictionary<string, SummaryDocument> Summaries { get; }

    private StageRecorder Recorder { get; }

    public E2eCounts Counts { get; }

    public static async Task<E2eAccounting> ReadAsync(IServiceProvider services, IReadOnlySet<string> dropped, StageRecorder recorder, PipelineProgress progress, CancellationToken cancellationToken)
    {
        var ledger = await services.GetRequiredService<IngestionLedger>().ListAsync(cancellationToken).ConfigureAwait(false);
        var records = ledger.Values.Where(r => dropped.Contains(r.BlobName)).ToDictionary(r => r.BlobName, StringComparer.Ordinal);
        var store = services.GetRequiredService<SummaryStore>();
        var articleIds = records.Values.SelectMany(r => r.ArticleIds).ToHashSet(StringComparer.Ordinal);
        var summaries = new Dictionary<string, SummaryDocument>(StringComparer.Ordinal);
        foreach (var id in articleIds)
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } summary)
            {
                summaries[id] = summary;
            }
        }

        var failed = await services.GetRequiredService<IncomingBlobs>().PeekFailedAsync(cancellationToken).ConfigureAwait(false);
        var indexed = (await store.ListSinceAsync(DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false)).Where(articleIds.Contains);
        var duplicateIndexRows = indexed.GroupBy(id => id, StringComparer.Ordinal).Count(g => g.Count() > 1);
        var duplicateCreates = recorder.SummaryCreates.Count(c => articleIds.Contains(c.Key) && c.Value > 1);
        var counts = new E2eCounts(
            Dropped: dropped.Count,
            Ingested: records.Count,
            Articles: articleIds.Count,
            Summarised: summaries.Count,
            Quarantined: records.Values.Count(r => r.Quarantined),
            FailedFiles: dropped.Count(failed.Contains),
            FailedSummaries: progress.FailedSummaries,
            LedgerWritesSeen: recorder.LedgerWrites.Values.Sum(),
            DuplicateIngestions: recorder.LedgerWrites.Count(w => w.Value > 1),
            DuplicateSummaries: Math.Max(duplicateIndexRows, duplicateCreates),
            LostFiles: dropped.Count(n => !records.ContainsKey(n) && !failed.Contains(n)),
            LostArticles: Math.Max(0, articleIds.Count - summaries.Count - progress.FailedSummaries));
        return new E2eAccounting(records, summaries, recorder, counts);
    }

    /// <summary>Summary CreatedAt minus the upload time of the file it came from, per article, in ms.</summary>
    public IEnumerable<double> Latencies(IReadOnlyDictionary<string, DateTimeOffset> uploaded) =>
        from record in Records.Values
        from id in record.ArticleIds
        where Summaries.ContainsKey(id) && uploaded.ContainsKey(record.BlobName)
        select (Summaries[id].CreatedAt - uploaded[record.BlobName]).TotalMilliseconds;

    /// <summary>
    /// Per article, in ms: <c>detectAndDispatch</c> upload → the host's first download of the file, split into
    /// <c>detection</c> (upload → the feed's delivery of its event returned: listing interval and listing) and
    /// <c>blobTriggerDispatch</c> (→ first download: the blob trigger's queue, its dequeue and its receipts); <c>parse</c> that download → the ledger's ingestion time
    /// (download and parse); <c>summariseQueue</c> → the summarise trigger's first read for the article (article write,
    /// queue put, ledger write, the summarise queue's dequeue); <c>summarise</c> → the summary's CreatedAt.
    /// </summary>
    public Dictionary<string, Distribution> Stages(IReadOnlyDictionary<string, DateTimeOffset> uploaded, IReadOnlyDictionary<string, DateTimeOffset> announced)
    {
        var detection = new List<double>();
        var dispatch = new List<double>();
        var detect = new List<double>();
        var parse = new List<double>();
        var queue = new List<double>();
        var summarise = new List<double>();
        foreach (var record in Records.Values)
        {
            if (uploaded.TryGetValue(record.BlobName, out var up) && Recorder.ParseStarts.TryGetValue(record.BlobName, out var parseStart))
            {
                detect.Add((parseStart - up).TotalMilliseconds);
                if (announced.TryGetValue(record.BlobName, out var announcedAt))
                {
                    detection.Add((announcedAt - up).TotalMilliseconds);
                    dispatch.Add((parseStart - announcedAt).TotalMilliseconds);
                }

                parse.Add((record.At - parseStart).TotalMilliseconds);
            }

            foreach (var id in record.ArticleIds)
            {
                if (Recorder.SummariseStarts.TryGetValue(id, out var start) && Summaries.TryGetValue(id, out var summary))
                {
                    queue.Add((start - record.At).TotalMilliseconds);
                    summarise.Add((summary.CreatedAt - start).TotalMilliseconds);
                }
            }
        }

        return new Dictionary<string, Distribution>(StringComparer.Ordinal)
        {
            ["detectAndDispatch"] = Distribution.Of(detect),
            ["detection"] = Distribution.Of(detection),
            ["blobTriggerDispatch"] = Distribution.Of(dispatch),
            ["parse"] = Distribution.Of(parse),
            ["summariseQueue"] = Distribution.Of(queue),
            ["summarise"] = Distribution.Of(summarise),
        };
    }
}
