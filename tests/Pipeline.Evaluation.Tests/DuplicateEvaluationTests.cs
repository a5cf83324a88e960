using Pipeline.Core.Digests;
using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class DuplicateEvaluationTests
{
    private const string BbcFile = "data/summaries/bbc.jsonl";

    private static string LabelsFile => Path.Combine(AppContext.BaseDirectory, "Data", "near-duplicate-labels.tsv");

    [Fact]
    public void Count_MixedPairs_PrecisionAndRecallFromTheCounts()
    {
        var pairs = new[]
        {
            new LabelledPair("a", "b", true, string.Empty),
            new LabelledPair("c", "d", true, string.Empty),
            new LabelledPair("e", "f", false, string.Empty),
            new LabelledPair("g", "h", false, string.Empty),
        };

        // Flags a-b (right), e-f (wrong); misses c-d.
        var counts = DuplicateEvaluation.Count(pairs, p => p.IdA is "a" or "e");

        Assert.Equal(new PairCounts(1, 1, 1), counts);
        Assert.Equal(0.5, counts.Precision);
        Assert.Equal(0.5, counts.Recall);
    }

    [Fact]
    public async Task ReadLabelsAsync_RepositoryLabels_IdsOnlyBothClassesNoRepeats()
    {
        var labels = await DuplicateEvaluation.ReadLabelsAsync(LabelsFile);

        Assert.True(labels.Count(p => p.IsDuplicate) >= 150);
        Assert.True(labels.Count(p => !p.IsDuplicate) >= 300);
        Assert.All(labels, p => Assert.Matches("^bbc-[a-z]+-[0-9]{3}$", p.IdA));
        Assert.All(labels, p => Assert.True(p.Note.Length < 60, "a note is a few words, never article text"));
        Assert.Equal(labels.Count, labels.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ReadLabelsAsync_BadLabel_NamesTheLine()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "# header\nbbc-a-001\tbbc-a-002\tyes\tnote\n");

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => DuplicateEvaluation.ReadLabelsAsync(path));

            Assert.Contains(":2:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact(BbcFile)]
    public async Task Evaluate_BbcLabels_HeldOutFiguresAndTheShippedDefaultIsTheChoice()
    {
        var articles = await DuplicateEvaluation.ReadArticlesAsync(SharedData.Find(BbcFile)!);
        var labels = await DuplicateEvaluation.ReadLabelsAsync(LabelsFile);

        var result = DuplicateEvaluation.Evaluate(articles, labels, folds: 5, randomPairs: 20_000);

        var combined = result.CrossValidations[0];
        Assert.Equal(5, combined.Folds.Count);
        Assert.Equal(labels.Count(p => p.IsDuplicate), combined.Pooled.TruePositives + combined.Pooled.FalseNegatives);
        Assert.InRange(combined.Pooled.Precision, 0.85, 1.0);
        Assert.InRange(combined.Pooled.Recall, 0.85, 1.0);
        Assert.Equal(NearDuplicateSettings.Default, result.ChosenOnAll);
        Assert.Equal(20_000, result.RandomPairs);
        Assert.True(result.RandomFlagged <= 2, $"{result.RandomFlagged} random pairs were flagged as the same story");
        Assert.Contains("pooled held-out: precision", DuplicateEvaluation.Format(result), StringComparison.Ordinal);
    }
}
