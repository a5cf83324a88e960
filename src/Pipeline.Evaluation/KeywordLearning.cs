using System.Globalization;
using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>
/// The held-out scores of the learned re-ranker and of the hand-set ranking on the same folds, the re-ranker's held-out
/// top tens (to compare two versions of the extractor document by document), and the weights fitted on all documents.
/// </summary>
public sealed record KeywordLearningResult(IReadOnlyList<DocumentScore> HandSet, IReadOnlyList<DocumentScore> Learned, IReadOnlyList<KeywordPrediction> LearnedPhrases, IReadOnlyList<double> WeightsOnAll);

/// <summary>
/// Fits the key-phrase re-ranker (logistic regression over the features of each text's best hand-scored candidates,
/// labelled by stemmed match with the gold phrases) with k-fold cross-validation: each fold is ranked by weights
/// fitted on the other folds only. Each dataset weighs the same in the fit (a smaller set's rows count several
/// times), so that the 975 Inspec abstracts do not decide for news and science paragraphs; the dataset is used in
/// training only, never when ranking.
/// </summary>
public static class KeywordLearning
{
    /// <summary>The ridge penalty: 1 and 10 gave the same held-out figures (overall 0.2717 and 0.2721); the stronger one is kept.</summary>
    public const double DefaultL2 = 10;

    /// <summary>The re-ranker's weights the extractor ships (<c>KeywordWeights.Default.Model</c>).</summary>
    public static IReadOnlyList<double> ShippedWeights => KeywordWeights.Default.Model ?? [];

    /// <summary>Cross-validates the re-ranker against the hand-set ranking (the shipped weights without a model).</summary>
    public static KeywordLearningResult CrossValidate(IReadOnlyList<KeyphraseDocument> documents, int folds, double l2 = DefaultL2, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var handSetWeights = KeywordWeights.Default with { Model = null };
        var fold = documents.Select(d => KeywordFolds.FoldOf(d.Id, folds)).ToArray();
        var paragraphs = documents.Select(KeywordEvaluation.Paragraphs).ToArray();
        var perSet = documents.GroupBy(d => d.Dataset, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var largest = perSet.Values.Max();
        var rows = documents.Select((d, i) =>
        {
            var copies = (int)Math.Round((double)largest / perSet[d.Dataset]);
            var gold = d.Keyphrases.Select(KeywordEvaluation.Normalise).Where(g => g.Length > 0).ToHashSet(StringComparer.Ordinal);
            return KeywordExtractor.CandidateFeatures(d.Title ?? string.Empty, paragraphs[i], d.Lang, handSetWeights)
                .Select(c => (c.Features, Label: gold.Contains(KeywordEvaluation.Normalise(c.Phrase))))
                .SelectMany(r => Enumerable.Repeat(r, copies))
                .ToList();
        }).ToArray();

        var learned = new DocumentScore[documents.Count];
        var learnedPhrases = new KeywordPrediction[documents.Count];
        for (var f = 0; f < folds; f++)
        {
            var weights = Fit(rows.Where((_, i) => fold[i] != f), l2);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fold {f + 1}/{folds}: fitted on {fold.Count(x => x != f)} documents"));
            for (var i = 0; i < documents.Count; i++)
            {
                if (fold[i] == f)
                {
                    var phrases = Phrases(documents[i], paragraphs[i], handSetWeights with { Model = weights });
                    learnedPhrases[i] = new KeywordPrediction(documents[i].Id, phrases);
                    learned[i] = KeywordEvaluation.Score(documents[i], phrases);
                }
            }
        }

        var handSet = documents.Select((d, i) => KeywordEvaluation.Score(d, Phrases(d, paragraphs[i], handSetWeights))).ToList();
        return new KeywordLearningResult(handSet, learned, learnedPhrases, Fit(rows, l2));
    }

    private static double[] Fit(IEnumerable<List<(double[] Features, bool Label)>> documents, double l2)
    {
        var all = documents.SelectMany(d => d).ToList();
        return LogisticRegression.Fit([.. all.Select(r => r.Features)], [.. all.Select(r => r.Label)], l2);
    }

    private static List<string> Phrases(KeyphraseDocument document, string[] paragraphs, KeywordWeights weights) =>
        [.. KeywordExtractor.Extract(document.Title ?? string.Empty, paragraphs, document.Lang, 10, weights).Select(k => k.Phrase)];
}
