using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Cli.Commands;

/// <summary>
/// What is in storage: articles, summaries by method with model tokens and estimated cost, quarantined files with
/// reasons, digests sent.
/// </summary>
internal static class StatusReport
{
    /// <param name="stores">Where to find the article, summary, delivery and quarantine stores.</param>
    public static async Task WriteAsync(IServiceProvider stores, TextWriter output, CancellationToken cancellationToken = default)
    {
        var articles = await stores.GetRequiredService<ArticleStore>().CountAsync(cancellationToken).ConfigureAwait(false);
        var summaries = await ReadSummariesAsync(stores.GetRequiredService<SummaryStore>(), cancellationToken).ConfigureAwait(false);
        var deliveries = await stores.GetRequiredService<DeliveryLedger>().ListAsync(cancellationToken).ConfigureAwait(false);
        var quarantined = new List<QuarantinedFile>();
        await foreach (var file in stores.GetRequiredService<QuarantineStore>().ListAsync(cancellationToken).ConfigureAwait(false))
        {
            quarantined.Add(file);
        }

        await output.WriteLineAsync($"articles:    {articles}").ConfigureAwait(false);
        await output.WriteLineAsync($"summaries:   {summaries.Count}{ByMethod(summaries)}").ConfigureAwait(false);
        await WriteCostsAsync(summaries, output).ConfigureAwait(false);
        await output.WriteLineAsync($"digests:     {deliveries.Count(d => d.Status == DeliveryStatus.Sent)} sent").ConfigureAwait(false);
        await output.WriteLineAsync($"quarantined: {quarantined.Count}").ConfigureAwait(false);
        foreach (var file in quarantined)
        {
            await output.WriteLineAsync($"  {file.Name}  [{file.ReasonCode}] {file.Reason}").ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<SummaryDocument>> ReadSummariesAsync(SummaryStore store, CancellationToken cancellationToken)
    {
        var ids = await store.ListIdsAsync(cancellationToken).ConfigureAwait(false);
        var summaries = new ConcurrentBag<SummaryDocument>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (await store.GetAsync(id, ct).ConfigureAwait(false) is { } summary)
            {
                summaries.Add(summary);
            }
        }).ConfigureAwait(false);
        return [.. summaries];
    }

    private static string ByMethod(IReadOnlyList<SummaryDocument> summaries) =>
        summaries.Count == 0 ? "" : " (" + string.Join(", ", summaries.GroupBy(s => s.Method).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) + ")";

    /// <summary>Model tokens and their estimated cost, at the prices configured for the summariser (environment variables).</summary>
    private static async Task WriteCostsAsync(IReadOnlyList<SummaryDocument> summaries, TextWriter output)
    {
        var (input, output1M) = SummaryCosts.PricesFrom(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        var costs = SummaryCosts.Of(summaries, input, output1M);
        if (costs.PromptTokens + costs.CompletionTokens > 0)
        {
            var culture = CultureInfo.InvariantCulture;
            await output.WriteLineAsync(string.Create(culture, $"tokens:      {costs.PromptTokens:N0} prompt + {costs.CompletionTokens:N0} completion")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(culture, $"model cost:  ~${costs.EstimatedCost:0.0000} at ${input}/1M input, ${output1M}/1M output tokens")).ConfigureAwait(false);
            await output.WriteLineAsync($"paid replies discarded: {costs.PaidRepliesDiscarded}").ConfigureAwait(false);
        }

        foreach (var reason in summaries.Where(s => s.FallbackReason is not null).GroupBy(s => s.FallbackReason!.Split(':')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  fallback {reason.Key}: {reason.Count()}").ConfigureAwait(false);
        }
    }
}
