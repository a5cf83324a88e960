using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Text;

namespace Pipeline.Evaluation;

/// <summary>One article with its human reference summary, as a line of a pairs file.</summary>
public sealed record SummaryPair(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("article")] string Article,
    [property: JsonPropertyName("reference")] string Reference);

/// <summary>Mean ROUGE F-measures of one system over a set of articles.</summary>
public sealed record RougeMeans(double Rouge1, double Rouge2, double RougeL);

/// <summary>One dataset's (or all datasets') scores: ours at its sentence target, Lead-1 and Lead-3.</summary>
public sealed record SummaryGroupResult(string Dataset, int Count, int TargetSentences, RougeMeans Ours, RougeMeans Lead1, RougeMeans Lead3)
{
    /// <summary>The lead baseline of the same length as our target (Lead-1 for one sentence, Lead-3 otherwise).</summary>
    public RougeMeans MatchedLead => TargetSentences == 1 ? Lead1 : Lead3;

    /// <summary>Paired bootstrap of ours over the matched lead on ROUGE-1 and ROUGE-2, per article; null for the mixed overall group.</summary>
    public (BootstrapResult Rouge1, BootstrapResult Rouge2)? OverMatchedLead { get; init; }
}

/// <summary>Everything an evaluation run measured, plus our summaries by id.</summary>
public sealed record SummaryEvaluationResult(IReadOnlyList<SummaryGroupResult> Datasets, SummaryGroupResult Overall, IReadOnlyList<(string Id, string Summary)> Summaries);

/// <summary>
/// Scores the extractive summariser against reference summaries with ROUGE, next to the Lead-1 and Lead-3 baselines.
/// The sentence target is chosen per dataset: one sentence for XSum (one-sentence references), the options' count
/// (default 3) otherwise, unless a fixed target is given.
/// </summary>
public static class SummaryEvaluation
{
    /// <summary>Reads a pairs file: one JSON object per line with id, dataset, article and reference.</summary>
    public static Task<List<SummaryPair>> ReadPairsAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync<SummaryPair>(path, cancellationToken);

    /// <summary>The dataset's short name: "cnndm-test (FRANK subset)" gives "cnndm".</summary>
    public static string DatasetKey(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var end = dataset.IndexOfAny(['-', ' ', '_']);
        return (end > 0 ? dataset[..end] : dataset).ToLowerInvariant();
    }

    /// <summary>The sentence target for a dataset: <paramref name="fixedSentences"/> when given, one for XSum, otherwise three.</summary>
    public static int TargetSentences(string datasetKey, int? fixedSentences) =>
        fixedSentences ?? (datasetKey.StartsWith("xsum", StringComparison.Ordinal) ? 1 : 3);

    /// <summary>Summarises every article and scores it.</summary>
    public static SummaryEvaluationResult Evaluate(IReadOnlyList<SummaryPair> pairs, int? fixedSentences = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var summarisers = new Dictionary<int, ExtractiveSummariser>();
        var rows = new List<(string Dataset, int Target, RougeResult Ours, RougeResult Lead1, RougeResult Lead3)>();
        var summaries = new List<(string, string)>();
        foreach (var pair in pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = DatasetKey(pair.Dataset);
            var target = TargetSentences(key, fixedSentences);
            if (!summarisers.TryGetValue(target, out var summariser))
            {
                summariser = new ExtractiveSummariser(new SummariserOptions { Sentences = target });
                summarisers.Add(target, summariser);
            }

            var request = Request(pair);
            var draft = summariser.Summarise(request);
            var ours = string.Join(' ', draft.Sentences);
            var leadSentences = LeadSentences(request, 3);
            rows.Add((key, target, Rouge.Score(pair.Reference, ours),
                Rouge.Score(pair.Reference, string.Join(' ', leadSentences.Take(1))),
                Rouge.Score(pair.Reference, string.Join(' ', leadSentences))));
            summaries.Add((pair.Id, ours));
        }

        var groups = rows.GroupBy(r => r.Dataset, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.First().Target, g.ToList()) with { OverMatchedLead = Bootstrap(g.First().Target, g.ToList()) })
            .ToList();
        var overall = Group("overall", fixedSentences ?? 0, rows);
        return new SummaryEvaluationResult(groups, overall, summaries);
    }

    /// <summary>The article as the summariser gets it: one paragraph a line, no title, in English.</summary>
    internal static SummaryRequest Request(SummaryPair pair) =>
        new(pair.Id, string.Empty, pair.Article.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "en");

    /// <summary>The article's first <paramref name="count"/> sentences, split as the summariser splits them: the Lead-N baseline.</summary>
    internal static List<string> LeadSentences(SummaryRequest request, int count) =>
        [.. request.Paragraphs.SelectMany(p => SentenceSplitter.Split(p, LanguageProfile.English)).Take(count)];

    /// <summary>The human-readable report; its last line is the one-line summary scripts read.</summary>
    public static string Format(SummaryEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine("dataset   n     system        rouge1  rouge2  rougeL");
        foreach (var group in result.Datasets.Append(result.Overall))
        {
            var ours = group.TargetSentences > 0 ? $"ours({group.TargetSentences})" : "ours";
            Line(text, group, ours, group.Ours);
            Line(text, group, "lead1", group.Lead1);
            Line(text, group, "lead3", group.Lead3);
        }

        foreach (var group in result.Datasets.Where(g => g.OverMatchedLead is not null))
        {
            var (r1, r2) = group.OverMatchedLead!.Value;
            var lead = group.TargetSentences == 1 ? "lead1" : "lead3";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{group.Dataset,-9} ours-{lead}: rouge1 {r1.MeanDifference:+0.0000;-0.0000} [{r1.Lower95:F4}, {r1.Upper95:F4}] p={r1.PValue:F4}  rouge2 {r2.MeanDifference:+0.0000;-0.0000} [{r2.Lower95:F4}, {r2.Upper95:F4}] p={r2.PValue:F4}  (paired bootstrap, {r1.Resamples:N0} resamples)");
        }

        var o = result.Overall;
        text.Append(CultureInfo.InvariantCulture,
            $"summaries: n={o.Count} rouge1={o.Ours.Rouge1:F4} rouge2={o.Ours.Rouge2:F4} rougeL={o.Ours.RougeL:F4} lead3_rouge1={o.Lead3.Rouge1:F4} lead3_rouge2={o.Lead3.Rouge2:F4} lead3_rougeL={o.Lead3.RougeL:F4}");
        return text.ToString();
    }

    private static void Line(StringBuilder text, SummaryGroupResult group, string system, RougeMeans means) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{group.Dataset,-9} {group.Count,-5} {system,-13} {means.Rouge1:F4}  {means.Rouge2:F4}  {means.RougeL:F4}");

    private static SummaryGroupResult Group(string dataset, int target, List<(string Dataset, int Target, RougeResult Ours, RougeResult Lead1, RougeResult Lead3)> rows) =>
        new(dataset, rows.Count, target, Mean(rows.Select(r => r.Ours)), Mean(rows.Select(r => r.Lead1)), Mean(rows.Select(r => r.Lead3)));

    private static (BootstrapResult, BootstrapResult) Bootstrap(int target, List<(string Dataset, int Target, RougeResult Ours, RougeResult Lead1, RougeResult Lead3)> rows)
    {
        var lead = rows.Select(r => target == 1 ? r.Lead1 : r.Lead3).ToList();
        return (PairedBootstrap.Compare(rows.Select(r => r.Ours.Rouge1.F).ToList(), lead.Select(r => r.Rouge1.F).ToList()),
            PairedBootstrap.Compare(rows.Select(r => r.Ours.Rouge2.F).ToList(), lead.Select(r => r.Rouge2.F).ToList()));
    }

    private static RougeMeans Mean(IEnumerable<RougeResult> results)
    {
        var list = results.ToList();
        return list.Count == 0
            ? new RougeMeans(0, 0, 0)
            : new RougeMeans(list.Average(r => r.Rouge1.F), list.Average(r => r.Rouge2.F), list.Average(r => r.RougeL.F));
    }
}
