using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>What is in storage: articles, summaries by method, quarantined files with reasons, digests sent.</summary>
internal static class StatusReport
{
    public static async Task WriteAsync(PipelineStore store, TextWriter output, CancellationToken cancellationToken = default)
    {
        var articles = 0;
        await foreach (var _ in store.Articles.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            articles++;
        }

        var summaries = (await store.ListSummarisedIdsAsync(cancellationToken).ConfigureAwait(false)).Count;
        var deliveries = await store.ListDeliveriesAsync(cancellationToken).ConfigureAwait(false);
        var quarantined = new List<QuarantinedFile>();
        await foreach (var file in store.ListQuarantineAsync(cancellationToken).ConfigureAwait(false))
        {
            quarantined.Add(file);
        }

        await output.WriteLineAsync($"articles:    {articles}").ConfigureAwait(false);
        await output.WriteLineAsync($"summaries:   {summaries}").ConfigureAwait(false);
        await output.WriteLineAsync($"digests:     {deliveries.Count(d => d.Status == "sent")} sent").ConfigureAwait(false);
        await output.WriteLineAsync($"quarantined: {quarantined.Count}").ConfigureAwait(false);
        foreach (var file in quarantined)
        {
            await output.WriteLineAsync($"  {file.Name}  [{file.ReasonCode}] {file.Reason}").ConfigureAwait(false);
        }
    }
}
