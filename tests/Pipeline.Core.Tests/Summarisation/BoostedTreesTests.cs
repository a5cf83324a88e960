using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Tests.Summarisation;

public sealed class BoostedTreesTests
{
    // Depth 1: one split and two leaves a tree. Tree 1 splits on feature 1 at 0.5, tree 2 on feature 2 at 10.
    private const string TwoStumps = """
        # two stumps
        trees 1 -0.5
        1:0.5 | -1 2
        2:10 | 0.25 0.75
        """;

    [Fact]
    public void Score_RowGoesRightOnlyAboveTheThreshold_AndTheLeavesAddToTheBias()
    {
        var trees = BoostedTrees.Parse(new StringReader(TwoStumps));

        Assert.Equal(-0.5 - 1 + 0.25, trees.Score([1, 0.5, 10]));
        Assert.Equal(-0.5 + 2 + 0.75, trees.Score([1, 0.6, 11]));
        Assert.Equal(2, trees.Count);
    }

    [Fact]
    public void Score_WithALinearLine_AddsTheLinearModelsScore()
    {
        var trees = BoostedTrees.Parse(new StringReader("trees 1 0\nlinear 0.5 -1 0\n1:0.5 | 0 1\n"));

        Assert.Equal(0.5 - 0.7 + 1, trees.Score([1, 0.7, 3]), 12);
    }

    [Fact]
    public void LinearModelAlone_ScoresTheWeightedSumAndRefusesARowOfAnotherLength()
    {
        var linear = new BoostedTrees([0.5, 2, -1]);

        var again = BoostedTrees.Parse(new StringReader(linear.Format()));

        Assert.Equal(0, linear.Count);
        Assert.Equal(0.5 + 0.6 - 0.2, again.Score([1, 0.3, 0.2]), 12);
        var error = Assert.Throws<ArgumentException>(() => linear.Score([1, 0.3, 0.2, 7]));
        Assert.Contains("fitted on rows of 3 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_SevenTrees_IsEachTreesLeafAddedInTheTreesOrder()
    {
        // Seven trees of depth 2: four are walked together and three one at a time. Leaves of very different sizes
        // make the order of the sum show in the last bits, so any other order of adding them fails here.
        var random = new Random(7);
        const int trees = 7, splits = 3, leavesPerTree = 4;
        var features = Enumerable.Range(0, trees * splits).Select(_ => random.Next(5)).ToArray();
        var thresholds = Enumerable.Range(0, trees * splits).Select(_ => random.NextDouble()).ToArray();
        var leaves = Enumerable.Range(0, trees * leavesPerTree).Select(i => (random.NextDouble() - 0.5) * Math.Pow(10, (i % 5) * 4 - 8)).ToArray();
        var model = new BoostedTrees(2, 0.1, features, thresholds, leaves);

        for (var r = 0; r < 500; r++)
        {
            var row = Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray();
            var expected = 0.1;
            for (var t = 0; t < trees; t++)
            {
                var node = 0;
                for (var d = 0; d < 2; d++)
                {
                    node = (2 * node) + 1 + (row[features[(t * splits) + node]] > thresholds[(t * splits) + node] ? 1 : 0);
                }

                expected += leaves[(t * leavesPerTree) + node - splits];
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(model.Score(row)));
        }
    }

    [Fact]
    public void Format_ThenParse_GivesTheSameScores()
    {
        var trees = new BoostedTrees(2, 0.1, [0, 1, 1, 2, 0, 0], [0.3, 1.0 / 3, 2, 0.5, 0.1, 0.2], [1, 2, 3, 4, 0.1 / 3, -1, 0, 1e-17], [0.25, 0, 1.0 / 7]);

        var again = BoostedTrees.Parse(new StringReader(trees.Format("a comment\nover two lines")));

        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            double[] row = [random.NextDouble(), random.NextDouble() * 3, random.NextDouble()];
            Assert.Equal(trees.Score(row), again.Score(row));
        }

        Assert.Equal(trees.Format(), again.Format());
    }

    [Theory]
    [InlineData("1:0.5 | 0 1", "expected 'trees <depth> <bias>'")]
    [InlineData("trees 1 0\n1:0.5 0 1", "a tree of depth 1 has 1 splits")]
    [InlineData("trees 1 0\nx:0.5 | 0 1", "split 1 is not 'feature:threshold'")]
    [InlineData("trees 1 0\n1:0.5 | 0 one", "leaf 'one' is not a number")]
    [InlineData("# only a comment", "No 'trees <depth> <bias>' line")]
    public void Parse_MalformedText_SaysWhatIsWrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BoostedTrees.Parse(new StringReader(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RowShorterThanTheFeaturesTheTreesRead_IsRefused()
    {
        var trees = BoostedTrees.Parse(new StringReader(TwoStumps));

        Assert.Throws<ArgumentException>(() => trees.Score([1, 0.2]));
    }

    [Fact]
    public void ShippedKeywordTrees_ReadFromTheAssembly_HaveALinearPartAndScoreEveryFeatureRow()
    {
        var trees = KeywordWeights.Default.Model;

        Assert.NotNull(trees);
        Assert.Equal(150, trees.Count);
        Assert.True(double.IsFinite(trees.Score(new double[trees.MaxFeature + 1])));
    }
}
