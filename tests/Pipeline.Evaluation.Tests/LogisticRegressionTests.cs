using Pipeline.Evaluation;

namespace Pipeline.Evaluation.Tests;

public sealed class LogisticRegressionTests
{
    [Fact]
    public void Fit_RowsDrawnFromKnownWeights_RecoversThem()
    {
        double[] truth = [-0.5, 2.0, -1.5];
        var random = new Random(7);
        var features = new List<double[]>();
        var labels = new List<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            double[] x = [1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1];
            features.Add(x);
            labels.Add(random.NextDouble() < LogisticRegression.Probability(truth, x));
        }

        var weights = LogisticRegression.Fit(features, labels, l2: 0.01);

        for (var i = 0; i < truth.Length; i++)
        {
            Assert.InRange(weights[i], truth[i] - 0.15, truth[i] + 0.15);
        }
    }

    [Fact]
    public void Fit_SeparableRows_StayFiniteBecauseOfTheRidge()
    {
        double[][] features = [[1, -1], [1, -0.5], [1, 0.5], [1, 1]];

        var weights = LogisticRegression.Fit(features, [false, false, true, true]);

        Assert.All(weights, w => Assert.True(double.IsFinite(w)));
        Assert.True(weights[1] > 0);
        Assert.Equal(weights, LogisticRegression.Fit(features, [false, false, true, true]));
    }

    [Fact]
    public void Probability_ZeroScore_IsOneHalf() =>
        Assert.Equal(0.5, LogisticRegression.Probability([1, -1], [1, 1]), 12);
}
