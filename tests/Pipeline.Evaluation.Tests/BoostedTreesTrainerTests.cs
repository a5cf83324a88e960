using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation.Tests;

public sealed class BoostedTreesTrainerTests
{
    [Fact]
    public void Fit_LabelsNoLinearModelCanSeparate_TreesSeparateThemAndTheLogisticRegressionCannot()
    {
        // Positive inside a band of x1 and above a line in x2: an interaction, not a weighted sum.
        var (rows, labels) = Sample(4_000, seed: 3);

        var trees = BoostedTreesTrainer.Fit(rows, labels, [.. rows.Select(_ => 1.0)], new TreeSettings(Trees: 100));
        var linear = LogisticRegression.Fit(rows, labels, l2: 0.01);

        var (test, truth) = Sample(2_000, seed: 4);
        var treeAccuracy = test.Select((x, i) => trees.Score(x) > 0 == truth[i]).Average(ok => ok ? 1.0 : 0.0);
        var linearAccuracy = test.Select((x, i) => LogisticRegression.Score(linear, x) > 0 == truth[i]).Average(ok => ok ? 1.0 : 0.0);
        Assert.True(treeAccuracy > 0.95, $"trees {treeAccuracy:F3}");
        Assert.True(linearAccuracy < 0.85, $"linear {linearAccuracy:F3}");
    }

    [Fact]
    public void Fit_OnALinearModel_StartsFromItsScoresAndKeepsItInTheResult()
    {
        var (rows, labels) = Sample(2_000, seed: 5);
        var linear = LogisticRegression.Fit(rows, labels, l2: 0.01);

        var none = BoostedTreesTrainer.Fit(rows, labels, [.. rows.Select(_ => 1.0)], new TreeSettings(Trees: 0), linear);
        var some = BoostedTreesTrainer.Fit(rows, labels, [.. rows.Select(_ => 1.0)], new TreeSettings(Trees: 50), linear);

        // With no tree the result is the linear model itself; trees then correct it where it is wrong.
        Assert.All(rows.Take(100), x => Assert.Equal(LogisticRegression.Score(linear, x), none.Score(x), 12));
        var (test, truth) = Sample(1_000, seed: 6);
        Assert.True(Accuracy(some, test, truth) > Accuracy(none, test, truth) + 0.05);
    }

    [Fact]
    public void Fit_SameRowsTwice_GivesTheSameTreesToTheLastBit()
    {
        var (rows, labels) = Sample(1_000, seed: 8);
        double[] weights = [.. rows.Select((_, i) => i % 3 == 0 ? 2.0 : 1.0)];

        var first = BoostedTreesTrainer.Fit(rows, labels, weights, new TreeSettings(Trees: 20));
        var second = BoostedTreesTrainer.Fit(rows, labels, weights, new TreeSettings(Trees: 20));

        Assert.Equal(first.Format(), second.Format());
    }

    [Theory]
    [InlineData("150,3,0.1,50,linear", true)]
    [InlineData("20,2,0.5,10", true)]
    [InlineData("150,3", false)]
    [InlineData("150,3,0.1,50,log", false)]
    [InlineData("150,0,0.1,50", false)]
    [InlineData("many,3,0.1,50", false)]
    public void TryParse_SettingsText_ReadsEachPartOrRefusesTheText(string text, bool valid)
    {
        Assert.Equal(valid, TreeSettings.TryParse(text, out var settings));
        if (valid)
        {
            var parts = text.Split(',');
            Assert.Equal((int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts.Length == 5), (settings!.Trees, settings.OnLinear));
        }
    }

    private static double Accuracy(BoostedTrees trees, List<double[]> rows, List<bool> labels) =>
        rows.Select((x, i) => trees.Score(x) > 0 == labels[i]).Average(ok => ok ? 1.0 : 0.0);

    private static (List<double[]> Rows, List<bool> Labels) Sample(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            double[] x = [1, random.NextDouble(), random.NextDouble()];
            rows.Add(x);
            labels.Add(x[1] is > 0.3 and < 0.7 && x[2] > 0.4);
        }

        return (rows, labels);
    }
}
