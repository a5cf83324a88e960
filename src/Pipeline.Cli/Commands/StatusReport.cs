using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
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

        await WritePoisonedAsync(await stores.GetRequiredService<PoisonQueues>().ListAsync(cancellationToken).ConfigureAwait(false), output).ConfigureAwait(false);
    }

    /// <summary>What failed every try, each with the error of its last try; <c>requeue --poisoned</c> moves them back.</summary>
    private static async Task WritePoisonedAsync(PoisonReport poison, TextWriter output)
    {
        await output.WriteLineAsync($"poisoned:    {poison.Total} (summarise {poison.Summarise}, blobs {poison.Blobs}, digests {poison.Digests})").ConfigureAwait(false);
        foreach (var item in poison.Items)
        {
            var source = item.Source is null ? "" : $" (from {item.Source})";
            var error = item.Error ?? "no error recorded";
            var at = item.At is { } when ? $" at {when.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}" : "";
            await output.WriteLineAsync($"  {item.Queue,-9}  {item.Item}{source}  error{at}: {error}").ConfigureAwait(false);
        }

        if (poison.Items.Count < poison.Total)
        {
            await output.WriteLineAsync($"  ... {poison.Total - poison.Items.Count} more not shown (a peek shows 32 per queue)").ConfigureAwait(false);
        }

        if (poison.Total > 0)
        {
            await output.WriteLineAsync("  after a fix, move them back with: pipeline requeue --poisoned").ConfigureAwait(false);
        }
    }

    /// <summary>The poisoned messages as JSON, for scripts: <c>status --json</c>.</summary>
    public static async Task WriteJsonAsync(IServiceProvider stores, TextWriter output, CancellationToken cancellationToken = default)
    {
        var poison = await stores.GetRequiredService<PoisonQueues>().ListAsync(cancellationToken).ConfigureAwait(false);
        var quarantined = new List<QuarantinedFile>();
        await foreach (var file in stores.GetRequiredService<QuarantineStore>().ListAsync(cancellationToken).ConfigureAwait(false))
        {
            quarantined.Add(file);
        }

        var report = new
        {
            articles = await stores.GetRequiredService<ArticleStore>().CountAsync(cancellationToken).ConfigureAwait(false),
            quarantined = quarantined.Select(f => new { name = f.Name, reasonCode = f.ReasonCode, reason = f.Reason }),
            poisoned = new
            {
                total = poison.Total,
                summarise = poison.Summarise,
                blobs = poison.Blobs,
                digests = poison.Digests,
                items = poison.Items.Select(i => new { queue = i.Queue, item = i.Item, source = i.Source, error = i.Error, at = i.At }),
            },
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(report, Json)).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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
