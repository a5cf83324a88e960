using System.Globalization;
using System.Text;
using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>One system's ROUGE-1 and ROUGE-2 over the folds of one dataset, and over every row.</summary>
/// <param name="Rouge1">Mean ROUGE-1 F per fold, with its mean and spread.</param>
/// <param name="Rouge2">Mean ROUGE-2 F per fold, with its mean and spread.</param>
/// <param name="OverLead">Paired bootstrap of the system against the lead of the same length over all rows (ROUGE-1, ROUGE-2); null for the lead itself.</param>
public sealed record SystemFolds(FoldSpread Rouge1, FoldSpread Rouge2, (BootstrapResult Rouge1, BootstrapResult Rouge2)? OverLead);

/// <summary>
/// One dataset under k-fold cross-validation: the lead of the same length, the shipped summariser, and the summariser
/// whose sentence weights were chosen on the training folds and scored on the held-out one.
/// </summary>
public sealed record SummaryFoldsResult(string Dataset, int Count, int TargetSentences, int Settings, SystemFolds Lead, SystemFolds Shipped, SystemFolds Tuned, IReadOnlyList<string> ChosenPerFold);

/// <summary>
/// Cross-validates the extractive summariser's sentence weights (<see cref="SentenceWeights"/>) per dataset: folds by a
/// stable hash of the id; on each fold the weights with the best mean ROUGE-1 + ROUGE-2 on the training rows are
/// scored on the held-out rows. The held-out figure is what to expect on unseen articles of the same kind, and the
/// shipped weights' figure beside it shows how much their choice leaned on these rows.
/// </summary>
public static class SummaryTuning
{
    /// <summary>The settings tried: the shipped ones and a grid around them (title and duplicate threshold fixed).</summary>
    internal static List<SentenceWeights> Grid()
    {
        var shipped = SentenceWeights.Default;
        var grid = new List<SentenceWeights>();
        foreach (var decay in new[] { 0.3, 0.6, 1.2 })
        {
            foreach (var centrality in new[] { 0.0, 0.35, 0.7 })
            {
                foreach (var keyword in new[] { 0.0, 0.25, 0.5 })
                {
                    foreach (var lambda in new[] { 0.6, 0.8, 1.0 })
                    {
                        grid.Add(shipped with { PositionDecay = decay, Centrality = centrality, Keyword = keyword, Lambda = lambda });
                    }
                }
            }
        }

        return grid;
    }

    /// <summary>Runs the cross-validation over every dataset in <paramref name="pairs"/>.</summary>
    public static IReadOnlyList<SummaryFoldsResult> CrossValidate(IReadOnlyList<SummaryPair> pairs, int folds = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var grid = Grid();
        var results = new List<SummaryFoldsResult>();
        foreach (var group in pairs.GroupBy(p => SummaryEvaluation.DatasetKey(p.Dataset), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            var requests = rows.Select(SummaryEvaluation.Request).ToArray();
            var target = SummaryEvaluation.TargetSentences(group.Key, null);

            // Every setting's ROUGE on every row, once; each fold then only chooses among them.
            var scores = new (double R1, double R2)[grid.Count][];
            Parallel.For(0, grid.Count, new ParallelOptions { CancellationToken = cancellationToken }, s =>
            {
                var summariser = new ExtractiveSummariser(new SummariserOptions { Sentences = target }, grid[s]);
                scores[s] = [.. rows.Select((r, i) => R(Rouge.Score(r.Reference, string.Join(' ', summariser.Summarise(requests[i]).Sentences))))];
            });
            var lead = rows.Select((r, i) => R(Rouge.Score(r.Reference, string.Join(' ', SummaryEvaluation.LeadSentences(requests[i], target))))).ToArray();
            var shipped = grid.FindIndex(w => w == SentenceWeights.Default);

            var fold = rows.Select(r => CrossValidation.FoldOf(r.Id, folds)).ToArray();
            var tuned = new (double R1, double R2)[rows.Count];
            var chosen = new List<string>();
            for (var f = 0; f < folds; f++)
            {
                var train = Enumerable.Range(0, rows.Count).Where(i => fold[i] != f).ToList();
                var best = Enumerable.Range(0, grid.Count).MaxBy(s => train.Sum(i => scores[s][i].R1 + scores[s][i].R2));
                chosen.Add(Describe(grid[best]));
                foreach (var i in Enumerable.Range(0, rows.Count).Where(i => fold[i] == f))
                {
                    tuned[i] = scores[best][i];
                }
            }

            results.Add(new SummaryFoldsResult(group.Key, rows.Count, target, grid.Count,
                Folds(lead, lead, fold, folds, compare: false), Folds(scores[shipped], lead, fold, folds, compare: true), Folds(tuned, lead, fold, folds, compare: true), chosen));
        }

        return results;
    }

    /// <summary>The report: per dataset, the lead, the shipped weights and the held-out tuned weights, mean ± sd over folds.</summary>
    public static string Format(IReadOnlyList<SummaryFoldsResult> results, int folds)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{folds}-fold cross-validation per dataset (folds by a stable hash of the id); ROUGE-1 / ROUGE-2 F, mean ± sd over folds;");
        text.AppendLine("p: paired bootstrap over all rows against the lead of the same length (one-sided); tuned: weights chosen on the training folds, scored held out");
        foreach (var r in results)
        {
            var lead = r.TargetSentences == 1 ? "lead1" : "lead3";
            text.AppendLine(CultureInfo.InvariantCulture, $"{r.Dataset} n={r.Count} ({r.TargetSentences} sentence{(r.TargetSentences == 1 ? "" : "s")}, {r.Settings} settings)");
            Line(text, lead, r.Lead, lead);
            Line(text, "shipped", r.Shipped, lead);
            Line(text, "tuned", r.Tuned, lead);
            text.AppendLine(CultureInfo.InvariantCulture, $"  chosen per fold: {string.Join("; ", r.ChosenPerFold)}");
        }

        return text.ToString().TrimEnd();
    }

    private static void Line(StringBuilder text, string system, SystemFolds s, string lead)
    {
        text.Append(CultureInfo.InvariantCulture, $"  {system,-8} {s.Rouge1.Mean:F4} ± {s.Rouge1.StandardDeviation:F4} / {s.Rouge2.Mean:F4} ± {s.Rouge2.StandardDeviation:F4}");
        if (s.OverLead is var (r1, r2))
        {
            text.Append(CultureInfo.InvariantCulture, $"   over {lead}: {r1.MeanDifference:+0.0000;-0.0000} p={r1.PValue:F4} / {r2.MeanDifference:+0.0000;-0.0000} p={r2.PValue:F4}");
        }

        text.AppendLine();
    }

    private static SystemFolds Folds((double R1, double R2)[] system, (double R1, double R2)[] lead, int[] fold, int folds, bool compare)
    {
        FoldSpread Spread(Func<(double R1, double R2), double> metric) =>
            FoldSpread.Of([.. Enumerable.Range(0, folds).Select(f => Enumerable.Range(0, system.Length).Where(i => fold[i] == f).Select(i => metric(system[i])).DefaultIfEmpty(0).Average())]);
        (BootstrapResult, BootstrapResult)? over = compare
            ? (PairedBootstrap.Compare([.. system.Select(s => s.R1)], [.. lead.Select(s => s.R1)]), PairedBootstrap.Compare([.. system.Select(s => s.R2)], [.. lead.Select(s => s.R2)]))
            : null;
        return new SystemFolds(Spread(s => s.R1), Spread(s => s.R2), over);
    }

    private static (double R1, double R2) R(RougeResult result) => (result.Rouge1.F, result.Rouge2.F);

    private static string Describe(SentenceWeights w) =>
        string.Create(CultureInfo.InvariantCulture, $"decay {w.PositionDecay} centrality {w.Centrality} keyword {w.Keyword} lambda {w.Lambda}");
}
