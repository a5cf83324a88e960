using System.Globalization;
using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>Which re-ranker <see cref="KeywordLearning"/> fits.</summary>
public enum KeywordRanker
{
    /// <summary>Boosted trees (<see cref="BoostedTreesTrainer"/>), what the extractor ships.</summary>
    Trees,

    /// <summary>Logistic regression over the same features, the re-ranker shipped before the trees.</summary>
    Linear,
}

/// <summary>
/// The held-out scores of the learned re-ranker and of the hand-set ranking on the same folds, the re-ranker's held-out
/// top tens (to compare two versions of the extractor document by document), and the re-ranker fitted on all
/// documents (for <see cref="KeywordRanker.Linear"/>, a model with no trees).
/// </summary>
public sealed record KeywordLearningResult(IReadOnlyList<DocumentScore> HandSet, IReadOnlyList<DocumentScore> Learned, IReadOnlyList<KeywordPrediction> LearnedPhrases, BoostedTrees ModelOnAll);

/// <summary>
/// Fits the key-phrase re-ranker (boosted trees, or a logistic regression, over the features of each text's best
/// hand-scored candidates, labelled by stemmed match with the gold phrases) with k-fold cross-validation: each fold is
/// ranked by a model fitted on the other folds only. Each dataset weighs the same in the fit (a smaller set's rows
/// weigh more), so that the 975 Inspec abstracts do not decide for news and science paragraphs; the dataset is used in
/// training only, never when ranking.
/// </summary>
public static class KeywordLearning
{
    /// <summary>The linear model's ridge penalty: 1 and 10 gave the same held-out figures (overall 0.2717 and 0.2721); the stronger one is kept.</summary>
    public const double DefaultL2 = 10;

    /// <summary>
    /// How the shipped trees grow: 150 trees of depth 3 at rate 0.1, at least 50 rows a leaf (set before any was fitted),
    /// correcting the logistic regression (trees alone ranked a one-off first-sentence phrase above the phrase a short
    /// text kept returning to, even one in its title; README, Quality), for a ranking loss within each text (the
    /// extractor only orders a text's candidates; a pointwise fit also spends its splits on which texts hold more key
    /// phrases).
    /// </summary>
    public static TreeSettings DefaultTrees { get; } = new(Trees: 150, Depth: 3, LearningRate: 0.1, MinLeafRows: 50, OnLinear: true, Rank: true);

    /// <summary>The re-ranker the extractor ships (<c>KeywordWeights.Default.Model</c>).</summary>
    public static BoostedTrees? ShippedModel => KeywordWeights.Default.Model;

    /// <summary>Cross-validates the re-ranker against the hand-set ranking (the shipped weights without a model).</summary>
    public static KeywordLearningResult CrossValidate(IReadOnlyList<KeyphraseDocument> documents, int folds, KeywordRanker ranker = KeywordRanker.Trees, TreeSettings? trees = null, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var settings = trees ?? DefaultTrees;
        var handSetWeights = KeywordWeights.Default with { Model = null };
        var fold = documents.Select(d => KeywordFolds.FoldOf(d.Id, folds)).ToArray();
        var paragraphs = documents.Select(KeywordEvaluation.Paragraphs).ToArray();
        var perSet = documents.GroupBy(d => d.Dataset, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var largest = perSet.Values.Max();
        var rows = documents.Select((d, i) =>
        {
            var weight = (double)largest / perSet[d.Dataset];
            var gold = d.Keyphrases.Select(KeywordEvaluation.Normalise).Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
            return KeywordExtractor.CandidateFeatures(d.Title ?? string.Empty, paragraphs[i], d.Lang, handSetWeights)
                .Select(c => new Row(c.Features, gold.Contains(KeywordEvaluation.Normalise(c.Phrase)), weight))
                .ToList();
        }).ToArray();

        KeywordWeights Fit(IEnumerable<List<Row>> training) => handSetWeights with
        {
            Model = ranker == KeywordRanker.Trees ? FitTrees(training, settings) : new BoostedTrees(FitLinear(training)),
        };

        var learned = new DocumentScore[documents.Count];
        var learnedPhrases = new KeywordPrediction[documents.Count];
        for (var f = 0; f < folds; f++)
        {
            var weights = Fit(rows.Where((_, i) => fold[i] != f));
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fold {f + 1}/{folds}: fitted on {fold.Count(x => x != f)} documents"));
            for (var i = 0; i < documents.Count; i++)
            {
                if (fold[i] == f)
                {
                    var phrases = Phrases(documents[i], paragraphs[i], weights);
                    learnedPhrases[i] = new KeywordPrediction(documents[i].Id, phrases);
                    learned[i] = KeywordEvaluation.Score(documents[i], phrases);
                }
            }
        }

        var handSet = documents.Select((d, i) => KeywordEvaluation.Score(d, Phrases(d, paragraphs[i], handSetWeights))).ToList();
        return new KeywordLearningResult(handSet, learned, learnedPhrases, Fit(rows).Model!);
    }

    private static BoostedTrees FitTrees(IEnumerable<List<Row>> documents, TreeSettings settings)
    {
        var training = documents.ToList();
        var all = training.SelectMany(d => d).ToList();
        var linear = settings.OnLinear ? FitLinear(training) : null;
        var groups = training.SelectMany((d, i) => d.Select(_ => i)).ToArray();
        return BoostedTreesTrainer.Fit([.. all.Select(r => r.Features)], [.. all.Select(r => r.Label)], [.. all.Select(r => r.Weight)], settings, linear, groups);
    }

    /// <summary>The linear model weighs a dataset by repeating its rows (rounded), as it was fitted when it shipped.</summary>
    private static double[] FitLinear(IEnumerable<List<Row>> documents)
    {
        var all = documents.SelectMany(d => d).SelectMany(r => Enumerable.Repeat(r, (int)Math.Round(r.Weight))).ToList();
        return LogisticRegression.Fit([.. all.Select(r => r.Features)], [.. all.Select(r => r.Label)], DefaultL2);
    }

    private static List<string> Phrases(KeyphraseDocument document, string[] paragraphs, KeywordWeights weights) =>
        [.. KeywordExtractor.Extract(document.Title ?? string.Empty, paragraphs, document.Lang, 10, weights).Select(k => k.Phrase)];

    private sealed record Row(double[] Features, bool Label, double Weight);
}
