using System.Globalization;
using System.Text;

namespace Pipeline.Evaluation;

/// <summary>One document's F1@10 under one system, with what it needs for folds and grouping.</summary>
public sealed record DocumentScore(string Id, string Dataset, double F10);

/// <summary>Mean and standard deviation of F1@10 over held-out folds, for one dataset (or "overall").</summary>
public sealed record FoldSummary(string Dataset, int Count, double Mean, double StandardDeviation);

/// <summary>
/// K-fold cross-validation and a paired bootstrap for the key-phrase scores. Folds come from a stable hash of the
/// document id (FNV-1a), so a document stays in its fold across runs, machines and .NET versions (string.GetHashCode
/// is randomised per process); the hash and the spread are <see cref="CrossValidation"/>'s.
/// </summary>
public static class KeywordFolds
{
    /// <summary>The fold of a document: FNV-1a of its UTF-8 id, modulo <paramref name="folds"/>.</summary>
    public static int FoldOf(string id, int folds)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        return (int)(CrossValidation.StableHash32(id) % (uint)folds);
    }

    /// <summary>Per dataset and overall: the mean of F1@10 over each held-out fold, and its spread across folds.</summary>
    public static IReadOnlyList<FoldSummary> Summarise(IReadOnlyList<DocumentScore> scores, int folds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var groups = scores.GroupBy(s => s.Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Rows: g.ToList()))
            .Append(("overall", scores.ToList()));
        var summaries = new List<FoldSummary>();
        foreach (var (dataset, rows) in groups)
        {
            var spread = FoldSpread.Of(Enumerable.Range(0, folds)
                .Select(f => rows.Where(r => FoldOf(r.Id, folds) == f).ToList())
                .Where(f => f.Count > 0)
                .Select(f => f.Average(r => r.F10))
                .ToList());
            summaries.Add(new FoldSummary(dataset, rows.Count, spread.Mean, spread.StandardDeviation));
        }

        return summaries;
    }

    /// <summary>
    /// One-sided paired bootstrap over documents: the share of resamples (with replacement, same documents for both
    /// systems) in which <paramref name="candidate"/> does not beat <paramref name="baseline"/> on mean F1@10. Both
    /// lists must score the same documents in the same order.
    /// </summary>
    public static double BootstrapP(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, int resamples = 10_000, int seed = 13)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.Count != candidate.Count || baseline.Count == 0)
        {
            throw new ArgumentException("Both systems must score the same, non-empty list of documents.", nameof(candidate));
        }

        var differences = baseline.Zip(candidate, (b, c) => c - b).ToArray();
        var random = new Random(seed);
        var notBetter = 0;
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < differences.Length; i++)
            {
                sum += differences[random.Next(differences.Length)];
            }

            notBetter += sum <= 0 ? 1 : 0;
        }

        return (notBetter + 1.0) / (resamples + 1.0);
    }

    /// <summary>Cross-validated means of two systems side by side, with the bootstrap p per dataset and overall.</summary>
    public static string Compare(IReadOnlyList<DocumentScore> baseline, IReadOnlyList<DocumentScore> candidate, int folds)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var before = Summarise(baseline, folds);
        var after = Summarise(candidate, folds).ToDictionary(s => s.Dataset, StringComparer.Ordinal);
        var byId = candidate.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{folds}-fold held-out F1@10, mean ± sd over folds; p: paired bootstrap over documents (one-sided)");
        text.AppendLine("dataset        n     baseline          candidate         p");
        foreach (var b in before)
        {
            var a = after[b.Dataset];
            var rows = baseline.Where(s => b.Dataset == "overall" || s.Dataset == b.Dataset).ToList();
            var p = BootstrapP(rows.Select(r => r.F10).ToList(), rows.Select(r => byId[r.Id].F10).ToList());
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{b.Dataset,-14} {b.Count,-5} {b.Mean:F4} ± {b.StandardDeviation:F4}   {a.Mean:F4} ± {a.StandardDeviation:F4}   {p:F4}");
        }

        return text.ToString().TrimEnd();
    }
}
