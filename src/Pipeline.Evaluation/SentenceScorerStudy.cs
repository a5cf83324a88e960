using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>
/// The sentence-scoring study behind issue 13: can a learned position prior, centroid or position-aware TextRank
/// scoring, a supervised sentence scorer (logistic regression over <see cref="SentenceFeatures"/>, trained on an
/// extractive reference: a sentence is positive when the reference contains it), or redundancy control (MMR) beat
/// Lead-3, and the shipped <see cref="ExtractiveSummariser"/>, on articles it never saw? Every choice (prior, mixing
/// weight, MMR λ) is made on the training folds only; held-out folds and the held-out pairs only judge.
/// </summary>
public static partial class SentenceScorerStudy
{
    private const int Sentences = 3;
    private const int PositionBuckets = 21;
    private const double MmrLambda = 0.6;
    private const double DuplicateSimilarity = 0.65;
    private static readonly double[] LambdaGrid = [1.0, 0.9, 0.8, 0.7, 0.6];
    private static readonly double[] BlendGrid = [0.0, 0.25, 0.5, 1.0, 2.0];

    /// <summary>Reads the titled training file (one JSON object per line with id, title, article and reference).</summary>
    public static Task<List<TitledSummaryPair>> ReadTrainingAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync<TitledSummaryPair>(path, cancellationToken);

    /// <summary>Runs every system under <paramref name="folds"/>-fold cross-validation on <paramref name="training"/>, then on <paramref name="heldOut"/>.</summary>
    public static StudyReport Run(IReadOnlyList<TitledSummaryPair> training, IReadOnlyList<SummaryPair> heldOut, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(heldOut);
        var train = training.AsParallel().AsOrdered().Select(p => Article.Make(p.Id, "bbc", p.Title, p.Article, p.Reference)).ToList();
        var checks = heldOut.AsParallel().AsOrdered().Select(p => Article.Make(p.Id, SummaryEvaluation.DatasetKey(p.Dataset), string.Empty, p.Article, p.Reference)).ToList();
        var split = CrossValidation.Split(train, a => a.Id, folds);
        // The regression systems share one fit per training set.
        var fits = new Dictionary<IReadOnlyList<Article>, double[]>(ReferenceEqualityComparer.Instance);
        double[] Fit(IReadOnlyList<Article> articles)
        {
            if (!fits.TryGetValue(articles, out var weights))
            {
                var (features, labels) = Rows(articles);
                fits[articles] = weights = LogisticRegression.Fit(features, labels);
            }

            return weights;
        }

        var rows = Systems(Fit).Select(system => Measure(system, train, split, checks)).ToList();
        return new StudyReport(train.Count, folds, rows, Fit(train));
    }

    /// <summary>The markdown table of a report, ROUGE in points (F-measure × 100).</summary>
    public static string Format(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Training set: {report.TrainingArticles} articles, {report.Folds}-fold CV (folds by FNV-1a of the id); gains are ours − Lead-3 per held-out fold, mean ± sd; p is the one-sided paired bootstrap (10,000 resamples) over all held-out articles.");
        text.AppendLine();
        text.AppendLine("| system | choices (made on training folds) | CV R-1 / R-2 | CV gain R-1 (p) | CV gain R-2 (p) | vs shipped R-1 / R-2 (p) | " + string.Join(" | ", report.Rows[0].HeldOut.Select(h => $"{h.Dataset} (n={h.Count}, {h.Sentences} sent.) R-1 / R-2, gain over Lead-{h.Sentences} (p)")) + " |");
        text.AppendLine("|---|---|---|---|---|---|" + string.Concat(report.Rows[0].HeldOut.Select(_ => "---|")));
        foreach (var row in report.Rows)
        {
            text.Append(c, $"| {row.System} | {row.Choices} | {row.Rouge1 * 100:F2} / {row.Rouge2 * 100:F2} ");
            text.Append(c, $"| {Gain(row.Rouge1GainPerFold)} ({P(row.Rouge1OverLead)}) | {Gain(row.Rouge2GainPerFold)} ({P(row.Rouge2OverLead)}) ");
            text.Append(c, $"| {row.Rouge1OverShipped.MeanDifference * 100:+0.00;-0.00} ({P(row.Rouge1OverShipped)}) / {row.Rouge2OverShipped.MeanDifference * 100:+0.00;-0.00} ({P(row.Rouge2OverShipped)}) ");
            foreach (var h in row.HeldOut)
            {
                text.Append(c, $"| {h.Rouge1 * 100:F2} / {h.Rouge2 * 100:F2}, {h.Rouge1Gain.MeanDifference * 100:+0.00;-0.00} ({P(h.Rouge1Gain)}) / {h.Rouge2Gain.MeanDifference * 100:+0.00;-0.00} ({P(h.Rouge2Gain)}) ");
                if (h.OverShipped is var (s1, s2))
                {
                    text.Append(c, $"; vs shipped {s1.MeanDifference * 100:+0.00;-0.00} ({P(s1)}) / {s2.MeanDifference * 100:+0.00;-0.00} ({P(s2)}) ");
                }

            }

            text.AppendLine("|");
        }

        text.AppendLine();
        text.AppendLine("Logistic-regression weights trained on the whole training set: " + string.Join(", ", SentenceFeatures.Names.Zip(report.Weights, (n, w) => string.Create(c, $"{n} {w:+0.00;-0.00}"))));
        return text.ToString();

        static string Gain(FoldSpread s) => string.Create(CultureInfo.InvariantCulture, $"{s.Mean * 100:+0.00;-0.00} ± {s.StandardDeviation * 100:F2}");

        static string P(BootstrapResult b) => string.Create(CultureInfo.InvariantCulture, $"p={b.PValue:0.0000}");
    }

    /// <summary>A system: trained (or tuned) on some articles, it picks sentence indices for an article at a sentence target.</summary>
    private sealed record System(string Name, Func<IReadOnlyList<Article>, (Func<Article, int, int[]> Pick, string Choices)> Train);

    private static IEnumerable<System> Systems(Func<IReadOnlyList<Article>, double[]> fit)
    {
        yield return new("Lead-k", _ => (Lead, "-"));
        yield return new("shipped ExtractiveSummariser", _ => ((a, k) => a.Shipped(k), "-"));
        yield return new("shipped scoring, top-k (no MMR)", _ => ((a, k) => TopK(a, i => a.Usable(i) ? ShippedScore(a, i) : double.NegativeInfinity, k), "-"));
        yield return new("learned position prior", train =>
        {
            var prior = PositionPrior(train);
            return ((a, k) => TopK(a, i => a.Usable(i) ? prior[Math.Min(i, prior.Length - 1)] : double.NegativeInfinity, k), "P(in reference given position), Laplace-smoothed");
        });
        yield return new("centroid (TF-IDF centrality) + MMR", _ => ((a, k) => Mmr(a, i => a.X[i][SentenceFeatures.Quality] * a.X[i][SentenceFeatures.Centrality], k, MmrLambda), $"λ {MmrLambda}"));
        yield return new("position-aware TextRank + MMR", _ => ((a, k) => Mmr(a, i => a.X[i][SentenceFeatures.Quality] * a.X[i][SentenceFeatures.LexRank], k, MmrLambda), $"λ {MmrLambda}"));
        yield return new("logistic regression, top-k", train =>
        {
            var w = fit(train);
            return ((a, k) => TopK(a, i => a.Usable(i) ? LogisticRegression.Score(w, a.X[i]) : double.NegativeInfinity, k), "weights");
        });
        yield return new("logistic regression + MMR", train =>
        {
            var w = fit(train);
            double Score(Article a, int i) => a.Usable(i) ? LogisticRegression.Probability(w, a.X[i]) : 0;
            var lambda = Best(train, LambdaGrid, l => (a, k) => Mmr(a, i => Score(a, i), k, l));
            return ((a, k) => Mmr(a, i => Score(a, i), k, lambda), string.Create(CultureInfo.InvariantCulture, $"λ {lambda}"));
        });
        yield return new("shipped scoring + β × regression", train =>
        {
            var w = fit(train);
            double Score(Article a, int i, double beta) => ShippedScore(a, i) + (beta * a.X[i][SentenceFeatures.Quality] * LogisticRegression.Probability(w, a.X[i]));
            var beta = Best(train, BlendGrid, b => (a, k) => Mmr(a, i => Score(a, i, b), k, MmrLambda));
            return ((a, k) => Mmr(a, i => Score(a, i, beta), k, MmrLambda), string.Create(CultureInfo.InvariantCulture, $"β {beta}"));
        });
    }

    private static StudyRow Measure(System system, List<Article> train, IReadOnlyList<Fold<Article>> folds, List<Article> checks)
    {
        var gains1 = new List<double>();
        var gains2 = new List<double>();
        var ours = new List<(double R1, double R2)>();
        var lead = new List<(double R1, double R2)>();
        var shipped = new List<(double R1, double R2)>();
        var choices = new List<string>();
        foreach (var fold in folds)
        {
            var (pick, choice) = system.Train(fold.Train);
            choices.Add(choice);
            var o = fold.Test.Select(a => a.Score(pick(a, Sentences))).ToList();
            var l = fold.Test.Select(a => a.Score(Lead(a, Sentences))).ToList();
            gains1.Add(o.Average(s => s.R1) - l.Average(s => s.R1));
            gains2.Add(o.Average(s => s.R2) - l.Average(s => s.R2));
            ours.AddRange(o);
            lead.AddRange(l);
            shipped.AddRange(fold.Test.Select(a => a.Score(a.Shipped(Sentences))));
        }

        var (full, _) = system.Train(train);
        var heldOut = checks.GroupBy(a => a.Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Check(g.Key, g.ToList(), full))
            .ToList();
        return new StudyRow(
            system.Name,
            ours.Average(s => s.R1),
            ours.Average(s => s.R2),
            FoldSpread.Of(gains1),
            FoldSpread.Of(gains2),
            PairedBootstrap.Compare(ours.Select(s => s.R1).ToList(), lead.Select(s => s.R1).ToList()),
            PairedBootstrap.Compare(ours.Select(s => s.R2).ToList(), lead.Select(s => s.R2).ToList()),
            PairedBootstrap.Compare(ours.Select(s => s.R1).ToList(), shipped.Select(s => s.R1).ToList()),
            PairedBootstrap.Compare(ours.Select(s => s.R2).ToList(), shipped.Select(s => s.R2).ToList()),
            heldOut,
            string.Join("; ", choices.Distinct(StringComparer.Ordinal)));
    }

    private static HeldOutCheck Check(string dataset, List<Article> articles, Func<Article, int, int[]> pick)
    {
        var k = SummaryEvaluation.TargetSentences(dataset, null);
        var ours = articles.Select(a => a.Score(pick(a, k))).ToList();
        var lead = articles.Select(a => a.Score(Lead(a, k))).ToList();
        var shipped = articles.Select(a => a.Score(a.Shipped(k))).ToList();
        return new HeldOutCheck(
            dataset,
            articles.Count,
            k,
            ours.Average(s => s.R1),
            ours.Average(s => s.R2),
            lead.Average(s => s.R1),
            lead.Average(s => s.R2),
            PairedBootstrap.Compare(ours.Select(s => s.R1).ToList(), lead.Select(s => s.R1).ToList()),
            PairedBootstrap.Compare(ours.Select(s => s.R2).ToList(), lead.Select(s => s.R2).ToList()))
        {
            OverShipped = (PairedBootstrap.Compare(ours.Select(s => s.R1).ToList(), shipped.Select(s => s.R1).ToList()),
                PairedBootstrap.Compare(ours.Select(s => s.R2).ToList(), shipped.Select(s => s.R2).ToList())),
        };
    }

    private static int[] Lead(Article article, int k) => Enumerable.Range(0, Math.Min(k, article.Count)).ToArray();

    /// <summary>The shipped summariser's sentence score, rebuilt from the features (its weights, copied: 1 × position, 0.35 × LexRank, 0.25 × title, 0.25 × key words).</summary>
    private static double ShippedScore(Article a, int i) =>
        a.X[i][SentenceFeatures.Quality] * ((1.0 / (1.0 + (0.6 * i))) + (0.35 * a.X[i][SentenceFeatures.LexRank]) + (0.25 * a.X[i][SentenceFeatures.Title]) + (0.25 * a.X[i][SentenceFeatures.KeywordMass]));

    private static (List<double[]> Features, List<bool> Labels) Rows(IEnumerable<Article> articles)
    {
        var features = new List<double[]>();
        var labels = new List<bool>();
        foreach (var a in articles)
        {
            for (var i = 0; i < a.Count; i++)
            {
                // Clutter (quality 0) is never picked, so it is not a training row either.
                if (a.Usable(i))
                {
                    features.Add(a.X[i]);
                    labels.Add(a.Labels[i]);
                }
            }
        }

        return (features, labels);
    }

    private static double[] PositionPrior(IReadOnlyList<Article> train)
    {
        var positive = new double[PositionBuckets];
        var total = new double[PositionBuckets];
        foreach (var a in train)
        {
            for (var i = 0; i < a.Count; i++)
            {
                var bucket = Math.Min(i, PositionBuckets - 1);
                total[bucket]++;
                positive[bucket] += a.Labels[i] ? 1 : 0;
            }
        }

        // Laplace-smoothed, so a position never seen scores 1/2 rather than 0/0.
        return positive.Zip(total, (p, t) => (p + 1) / (t + 2)).ToArray();
    }

    /// <summary>The grid value with the best mean ROUGE-1 + ROUGE-2 on the training articles (the first on ties).</summary>
    private static double Best(IReadOnlyList<Article> train, double[] grid, Func<double, Func<Article, int, int[]>> system)
    {
        var best = grid[0];
        var bestScore = double.NegativeInfinity;
        foreach (var value in grid)
        {
            var pick = system(value);
            var score = train.Average(a =>
            {
                var (r1, r2) = a.Score(pick(a, Sentences));
                return r1 + r2;
            });
            if (score > bestScore)
            {
                (best, bestScore) = (value, score);
            }
        }

        return best;
    }

    private static int[] TopK(Article a, Func<int, double> score, int k) =>
        Enumerable.Range(0, a.Count).Where(i => !double.IsNegativeInfinity(score(i))).OrderByDescending(score).ThenBy(i => i).Take(k).Order().ToArray();

    /// <summary>Maximal marginal relevance as the shipped summariser does it: λ × score − (1 − λ) × the highest similarity to a chosen sentence.</summary>
    private static int[] Mmr(Article a, Func<int, double> score, int k, double lambda)
    {
        var scores = Enumerable.Range(0, a.Count).Select(score).ToArray();
        var max = scores.DefaultIfEmpty().Max();
        max = max > 0 ? max : 1;
        var chosen = new List<int>();
        while (chosen.Count < k)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < a.Count; i++)
            {
                if (chosen.Contains(i) || scores[i] <= 0)
                {
                    continue;
                }

                var redundancy = chosen.Count == 0 ? 0f : chosen.Max(j => a.Similarity[(i * a.Count) + j]);
                var value = (lambda * scores[i] / max) - ((1 - lambda) * redundancy);
                if (redundancy < DuplicateSimilarity && value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen.Add(best);
        }

        return chosen.Count == 0 && a.Count > 0 ? [0] : [.. chosen.Order()];
    }

    /// <summary>One article, analysed once: features, labels, ROUGE tokens, and the shipped summariser's picks.</summary>
    private sealed class Article
    {
        private readonly Dictionary<int, int[]> _shipped = [];
        private Dictionary<string, int>? _unigrams;
        private Dictionary<string, int>? _bigrams;

        private Article(string id, string dataset, SentenceFeatures features, bool[] labels, List<string>[] tokens, List<string> reference)
        {
            Id = id;
            Dataset = dataset;
            Features = features;
            Labels = labels;
            Tokens = tokens;
            Reference = reference;
        }

        public string Id { get; }

        public string Dataset { get; }

        public SentenceFeatures Features { get; }

        public IReadOnlyList<double[]> X => Features.Features;

        public float[] Similarity => Features.Similarity;

        public int Count => Features.Count;

        public bool[] Labels { get; }

        public List<string>[] Tokens { get; }

        public List<string> Reference { get; }

        public static Article Make(string id, string dataset, string title, string text, string reference)
        {
            var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var request = new SummaryRequest(id, title, paragraphs, "en");
            var features = SentenceFeatures.Compute(request);
            var flatReference = Whitespace().Replace(reference, " ");
            var labels = features.Sentences.Select(s => flatReference.Contains(Whitespace().Replace(s.Trim(), " "), StringComparison.Ordinal)).ToArray();
            var article = new Article(id, dataset, features, labels, features.Sentences.Select(Rouge.Tokenise).ToArray(), Rouge.Tokenise(reference));
            foreach (var k in new[] { 1, Sentences })
            {
                var draft = new ExtractiveSummariser(new SummariserOptions { Sentences = k }).Summarise(request);
                article._shipped[k] = draft.Sentences.Select(s => features.Sentences.ToList().IndexOf(s)).Where(i => i >= 0).Order().ToArray();
            }

            return article;
        }

        public bool Usable(int i) => X[i][SentenceFeatures.Quality] > 0;

        public int[] Shipped(int k) => _shipped[k];

        /// <summary>ROUGE-1 and ROUGE-2 F of the chosen sentences, as <see cref="Rouge.RougeN"/> computes them, with the reference's n-grams counted once.</summary>
        public (double R1, double R2) Score(int[] chosen)
        {
            var predicted = chosen.SelectMany(i => Tokens[i]).ToList();
            _unigrams ??= Grams(Reference, 1);
            _bigrams ??= Grams(Reference, 2);
            return (F(predicted, 1, _unigrams), F(predicted, 2, _bigrams));
        }

        private double F(List<string> predicted, int n, Dictionary<string, int> reference)
        {
            var overlap = 0;
            foreach (var (gram, count) in Grams(predicted, n))
            {
                overlap += Math.Min(count, reference.GetValueOrDefault(gram));
            }

            return RougeScore.From(overlap, Math.Max(0, predicted.Count - n + 1), Math.Max(0, Reference.Count - n + 1)).F;
        }

        private static Dictionary<string, int> Grams(List<string> tokens, int n)
        {
            var grams = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var gram = n == 1 ? tokens[i] : string.Concat(tokens[i], " ", tokens[i + 1]);
                grams[gram] = grams.GetValueOrDefault(gram) + 1;
            }

            return grams;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
