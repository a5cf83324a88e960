using System.Runtime.CompilerServices;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Reliability;

/// <summary>
/// Each stored article and whether it has a summary, by joining the article and summary listings (both in id order)
/// page by page, so that neither is held in memory.
/// </summary>
internal static class SummaryCoverage
{
    public static async IAsyncEnumerable<(string ArticleId, bool Summarised)> ReadAsync(ArticleStore articles, SummaryStore summaries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var summaryIds = summaries.StreamIdsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (summaryIds.ConfigureAwait(false))
        {
            var summary = await summaryIds.MoveNextAsync().ConfigureAwait(false) ? summaryIds.Current : null;
            await foreach (var id in articles.ListIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                while (summary is not null && string.CompareOrdinal(summary, id) < 0)
                {
                    summary = await summaryIds.MoveNextAsync().ConfigureAwait(false) ? summaryIds.Current : null;
                }

                yield return (id, summary == id);
            }
        }
    }
}
