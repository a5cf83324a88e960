using System.Text.Json.Serialization;
using Pipeline.Core.Digests;

namespace Pipeline.Evaluation;

/// <summary>One article of the BBC set, as the duplicate evaluation needs it.</summary>
public sealed record NewsArticle(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("article")] string Article);

/// <summary>A labelled pair: whether a reader would call the two articles the same story twice.</summary>
public sealed record LabelledPair(string IdA, string IdB, bool IsDuplicate, string Note)
{
    public string Id => IdA + "|" + IdB;
}

/// <summary>True and false positives and false negatives of a detector on some pairs, with precision and recall.</summary>
public readonly record struct PairCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Precision; 1 when nothing was flagged (no false claim was made).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>Recall; 1 when there was nothing to find.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1 => 2 * TruePositives + FalsePositives + FalseNegatives == 0 ? 1 : 2.0 * TruePositives / (2 * TruePositives + FalsePositives + FalseNegatives);

    public static PairCounts operator +(PairCounts a, PairCounts b)
        => new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}

/// <summary>One held-out fold: the setting chosen on the other folds and how it did on this one.</summary>
public sealed record DuplicateFold(int Index, NearDuplicateSettings Chosen, PairCounts HeldOut);

/// <summary>The cross-validated result for one grid of settings.</summary>
public sealed record DuplicateCrossValidation(string Grid, IReadOnlyList<DuplicateFold> Folds, PairCounts Pooled, FoldSpread Precision, FoldSpread Recall);

/// <summary>Everything <c>pipeline eval duplicates</c> reports.</summary>
public sealed record DuplicateEvaluationResult(
    int Pairs,
    int Positives,
    IReadOnlyList<DuplicateCrossValidation> CrossValidations,
    NearDuplicateSettings ChosenOnAll,
    PairCounts ChosenOnAllInSample,
    int RandomPairs,
    int RandomFlagged)
{
    /// <summary>Mean time to compute one article's signature under the shipped default, in microseconds.</summary>
    public double SignatureMicroseconds { get; init; }

    /// <summary>Mean bytes allocated to compute one article's signature under the shipped default.</summary>
    public double SignatureBytes { get; init; }
}

/// <summary>
/// Measures <see cref="NearDuplicates"/> on labelled pairs: for each fold, the setting (shingle size, stop words, body
/// and lead thresholds) with the best F1 on the other folds is judged on it, so every precision and recall reported
/// comes from pairs the choice never saw. The false-positive rate is counted on random pairs outside the labelled set.
/// </summary>
public static partial class DuplicateEvaluation
{
    private const double Off = 2.0;

    private static readonly double[] BodyThresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
    private static readonly double[] LeadThresholds = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, Off];

    /// <summary>Every setting of the search, body and lead together.</summary>
    public static IReadOnlyList<NearDuplicateSettings> FullGrid { get; } =
        [.. from n in (int[])[1, 2, 3]
            from stop in (bool[])[false, true]
            from body in BodyThresholds
            from lead in LeadThresholds
            select new NearDuplicateSettings(n, stop, body, lead)];

    /// <summary>The settings that use the body shingles alone.</summary>
    public static IReadOnlyList<NearDuplicateSettings> BodyOnlyGrid { get; } = [.. FullGrid.Where(s => s.LeadThreshold > 1)];

    public static Task<List<NewsArticle>> ReadArticlesAsync(string path, CancellationToken cancellationToken = default)
        => JsonLines.ReadAsync<NewsArticle>(path, cancellationToken);

    /// <summary>Reads tab-separated <c>idA, idB, label (1 or 0), note</c> lines; <c>#</c> lines are comments.</summary>
    public static async Task<List<LabelledPair>> ReadLabelsAsync(string path, CancellationToken cancellationToken = default)
    {
        var pairs = new List<LabelledPair>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length < 3 || fields[2] is not ("0" or "1"))
            {
                throw new InvalidDataException($"{path}:{number}: expected idA<TAB>idB<TAB>0|1<TAB>note.");
            }

            pairs.Add(new LabelledPair(fields[0], fields[1], fields[2] == "1", fields.Length > 3 ? fields[3] : string.Empty));
        }

        return pairs;
    }

    /// <summary>The counts of one setting on some pairs.</summary>
    public static PairCounts Count(IEnumerable<LabelledPair> pairs, Func<LabelledPair, bool> flagged)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(flagged);
        int tp = 0, fp = 0, fn = 0;
        foreach (var pair in pairs)
        {
            var flag = flagged(pair);
            if (flag && pair.IsDuplicate)
            {
                tp++;
            }
            else if (flag)
            {
                fp++;
            }
            else if (pair.IsDuplicate)
            {
                fn++;
            }
        }

        return new PairCounts(tp, fp, fn);
    }

    /// <summary>Runs the whole evaluation.</summary>
    public static DuplicateEvaluationResult Evaluate(IReadOnlyList<NewsArticle> articles, IReadOnlyList<LabelledPair> labels, int folds = 5, int randomPairs = 200_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(labels);
        var byId = articles.DistinctBy(a => a.Id, StringComparer.Ordinal).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var missing = labels.SelectMany(p => new[] { p.IdA, p.IdB }).FirstOrDefault(id => !byId.ContainsKey(id));
        if (missing is not null)
        {
            throw new InvalidDataException($"The labels name article '{missing}', which the data set does not have.");
        }

        var signatures = new Signatures(articles);
        var crossValidations = new List<DuplicateCrossValidation>();
        foreach (var (name, grid) in new[] { ("body and lead", FullGrid), ("body only", BodyOnlyGrid) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            crossValidations.Add(CrossValidate(name, grid, labels, folds, signatures));
        }

        var chosen = Choose(FullGrid, labels, signatures);
        var inSample = Count(labels, p => signatures.Flag(chosen, p.IdA, p.IdB));
        var (sampled, flagged) = RandomPairs(articles, labels, chosen, signatures, randomPairs);
        var (microseconds, bytes) = MeasureSignatures(articles);
        return new DuplicateEvaluationResult(labels.Count, labels.Count(p => p.IsDuplicate), crossValidations, chosen, inSample, sampled, flagged)
        {
            SignatureMicroseconds = microseconds,
            SignatureBytes = bytes,
        };
    }

    /// <summary>The cost of a signature as the digest pays it (once per article it loads): a warm-up pass, then a timed one.</summary>
    private static (double Microseconds, double Bytes) MeasureSignatures(IReadOnlyList<NewsArticle> articles)
    {
        if (articles.Count == 0)
        {
            return (0, 0);
        }

        var paragraphs = articles.Select(a => a.Article.Split('\n')).ToArray();
        foreach (var (article, body) in articles.Zip(paragraphs))
        {
            NearDuplicates.Compute(article.Title, body, NearDuplicateSettings.Default);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (article, body) in articles.Zip(paragraphs))
        {
            NearDuplicates.Compute(article.Title, body, NearDuplicateSettings.Default);
        }

        watch.Stop();
        return (watch.Elapsed.TotalMicroseconds / articles.Count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)articles.Count);
    }

    private static DuplicateCrossValidation CrossValidate(string name, IReadOnlyList<NearDuplicateSettings> grid, IReadOnlyList<LabelledPair> labels, int folds, Signatures signatures)
    {
        var results = new List<DuplicateFold>();
        foreach (var fold in CrossValidation.Split(labels, p => p.Id, folds))
        {
            var chosen = Choose(grid, fold.Train, signatures);
            results.Add(new DuplicateFold(fold.Index, chosen, Count(fold.Test, p => signatures.Flag(chosen, p.IdA, p.IdB))));
        }

        var pooled = results.Aggregate(default(PairCounts), (sum, f) => sum + f.HeldOut);
        return new DuplicateCrossValidation(name, results, pooled,
            FoldSpread.Of(results.Select(f => f.HeldOut.Precision).ToList()),
            FoldSpread.Of(results.Select(f => f.HeldOut.Recall).ToList()));
    }

    /// <summary>The setting with the best F1 on <paramref name="pairs"/>; ties go to higher precision, then to the earlier setting in the grid.</summary>
    private static NearDuplicateSettings Choose(IReadOnlyList<NearDuplicateSettings> grid, IReadOnlyList<LabelledPair> pairs, Signatures signatures)
    {
        NearDuplicateSettings? best = null;
        var bestCounts = default(PairCounts);
        foreach (var setting in grid)
        {
            var counts = Count(pairs, p => signatures.Flag(setting, p.IdA, p.IdB));
            if (best is null || counts.F1 > bestCounts.F1 + 1e-12 || (Math.Abs(counts.F1 - bestCounts.F1) <= 1e-12 && counts.Precision > bestCounts.Precision + 1e-12))
            {
                best = setting;
                bestCounts = counts;
            }
        }

        return best ?? throw new ArgumentException("The grid is empty.", nameof(grid));
    }

    private static (int Sampled, int Flagged) RandomPairs(IReadOnlyList<NewsArticle> articles, IReadOnlyList<LabelledPair> labels, NearDuplicateSettings setting, Signatures signatures, int count)
    {
        var labelled = labels.SelectMany(p => new[] { p.IdA + "|" + p.IdB, p.IdB + "|" + p.IdA }).ToHashSet(StringComparer.Ordinal);

        // A fixed seed: the same pairs on every run. System.Random with a seed keeps its sequence across .NET versions.
        var random = new Random(20_251_201);
        int sampled = 0, flagged = 0;
        for (var tries = 0; sampled < count && tries < count * 4; tries++)
        {
            var a = articles[random.Next(articles.Count)];
            var b = articles[random.Next(articles.Count)];
            if (ReferenceEquals(a, b) || labelled.Contains(a.Id + "|" + b.Id))
            {
                continue;
            }

            sampled++;
            if (signatures.Flag(setting, a.Id, b.Id))
            {
                flagged++;
            }
        }

        return (sampled, flagged);
    }

    /// <summary>The signatures of every article under each shingle size and stop-word choice, computed once.</summary>
    private sealed class Signatures(IReadOnlyList<NewsArticle> articles)
    {
        private readonly Dictionary<(int, bool), Dictionary<string, DuplicateSignature>> _byVariant = [];
        private readonly IReadOnlyList<NewsArticle> _articles = articles;

        public bool Flag(NearDuplicateSettings setting, string a, string b)
        {
            var variant = Variant(setting.ShingleSize, setting.DropStopWords);
            return NearDuplicates.AreNearDuplicates(variant[a], variant[b], setting);
        }

        private Dictionary<string, DuplicateSignature> Variant(int shingle, bool drop)
        {
            if (!_byVariant.TryGetValue((shingle, drop), out var variant))
            {
                var settings = new NearDuplicateSettings(shingle, drop, 1, Off);
                variant = _articles.DistinctBy(a => a.Id, StringComparer.Ordinal)
                    .ToDictionary(a => a.Id, a => NearDuplicates.Compute(a.Title, a.Article.Split('\n'), settings), StringComparer.Ordinal);
                _byVariant[(shingle, drop)] = variant;
            }

            return variant;
        }
    }
}
