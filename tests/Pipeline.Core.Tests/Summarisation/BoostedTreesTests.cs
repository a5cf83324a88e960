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
