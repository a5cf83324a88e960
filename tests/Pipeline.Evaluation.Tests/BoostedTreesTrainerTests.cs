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

    [Fact]
    public void Fit_Rank_OrdersEachGroupByWhatDecidesWithinItEvenWhereGroupsWithHigherValuesHoldFewerPositives()
    {
        // Within a group, the rows with the largest x are the positives; but groups whose x run higher hold fewer of
        // them, so row by row a larger x means a positive less often. A row-by-row fit learns that and orders each
        // group backwards; the ranking loss compares rows of the same group only.
        var (rows, labels, groups) = Groups(300, seed: 11);
        var (test, truth, testGroups) = Groups(200, seed: 12);
        double[] weights = [.. rows.Select(_ => 1.0)];
        var settings = new TreeSettings(Trees: 30, Depth: 2, MinLeafRows: 20);

        var pointwise = BoostedTreesTrainer.Fit(rows, labels, weights, settings);
        var ranked = BoostedTreesTrainer.Fit(rows, labels, weights, settings with { Rank = true }, groups: groups);

        var rankedNdcg = MeanNdcg(ranked, test, truth, testGroups);
        var pointwiseNdcg = MeanNdcg(pointwise, test, truth, testGroups);
        Assert.True(rankedNdcg > 0.85 && rankedNdcg > pointwiseNdcg + 0.2, $"ranked {rankedNdcg:F3}, pointwise {pointwiseNdcg:F3}");
        Assert.Throws<ArgumentException>(() => BoostedTreesTrainer.Fit(rows, labels, weights, settings with { Rank = true }));
    }

    [Theory]
    [InlineData("150,3,0.1,50,linear", true)]
    [InlineData("20,2,0.5,10", true)]
    [InlineData("150,3", false)]
    [InlineData("150,3,0.1,50,linear,rank", true)]
    [InlineData("150,3,0.1,50,rank", true)]
    [InlineData("150,3,0.1,50,rank,rank", false)]
    [InlineData("150,3,0.1,50,log", false)]
    [InlineData("150,0,0.1,50", false)]
    [InlineData("many,3,0.1,50", false)]
    public void TryParse_SettingsText_ReadsEachPartOrRefusesTheText(string text, bool valid)
    {
        Assert.Equal(valid, TreeSettings.TryParse(text, out var settings));
        if (valid)
        {
            var parts = text.Split(',');
            Assert.Equal(
                (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts.Contains("linear"), parts.Contains("rank")),
                (settings!.Trees, settings.OnLinear, settings.Rank));
        }
    }

    /// <summary>Mean NDCG of the groups ordered by the trees' scores.</summary>
    private static double MeanNdcg(BoostedTrees trees, List<double[]> rows, List<bool> labels, List<int> groups) =>
        rows.Select((_, i) => i).GroupBy(i => groups[i]).Average(g =>
        {
            var order = g.OrderByDescending(i => trees.Score(rows[i])).ToList();
            var dcg = order.Select((i, r) => labels[i] ? 1 / Math.Log2(r + 2) : 0).Sum();
            return dcg / Enumerable.Range(0, g.Count(i => labels[i])).Sum(r => 1 / Math.Log2(r + 2));
        });

    private static (List<double[]> Rows, List<bool> Labels, List<int> Groups) Groups(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        var labels = new List<bool>();
        var groups = new List<int>();
        for (var g = 0; g < count; g++)
        {
            var offset = 3 * random.NextDouble();
            var x = Enumerable.Range(0, 20).Select(_ => offset + random.NextDouble()).ToArray();
            var cut = x.OrderDescending().ElementAt((int)Math.Round((1 - (offset / 3)) * 18));
            foreach (var value in x)
            {
                rows.Add([1, value]);
                labels.Add(value >= cut);
                groups.Add(g);
            }
        }

        return (rows, labels, groups);
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
