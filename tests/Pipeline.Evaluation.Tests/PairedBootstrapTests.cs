using Pipeline.Evaluation;

namespace Pipeline.Evaluation.Tests;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void Compare_ConsistentWin_IsSignificant()
    {
        var baseline = Enumerable.Range(0, 200).Select(i => 0.3 + (0.1 * Math.Sin(i))).ToList();
        var ours = baseline.Select((b, i) => b + 0.02 + (0.01 * Math.Cos(i * 7))).ToList();

        var result = PairedBootstrap.Compare(ours, baseline);

        Assert.True(result.Significant());
        Assert.Equal(1.0 / 10_001, result.PValue, 12);
        Assert.InRange(result.MeanDifference, result.Lower95, result.Upper95);
        Assert.True(result.Lower95 > 0);
    }

    [Fact]
    public void Compare_WinsAndLossesThatCancel_IsNotSignificant()
    {
        var baseline = Enumerable.Repeat(0.4, 100).ToList();
        var ours = baseline.Select((b, i) => b + (i % 2 == 0 ? 0.05 : -0.05) + (i == 0 ? 0.001 : 0)).ToList();

        var result = PairedBootstrap.Compare(ours, baseline);

        Assert.False(result.Significant());
        Assert.InRange(result.PValue, 0.3, 0.7);
        Assert.True(result.Lower95 < 0 && result.Upper95 > 0);
    }

    [Fact]
    public void Compare_SameSeed_SameResult_OtherSeed_CloseResult()
    {
        var random = new Random(5);
        var baseline = Enumerable.Range(0, 91).Select(_ => random.NextDouble()).ToList();
        var ours = baseline.Select(b => b + (random.NextDouble() - 0.45) * 0.2).ToList();

        var first = PairedBootstrap.Compare(ours, baseline);
        var again = PairedBootstrap.Compare(ours, baseline);
        var other = PairedBootstrap.Compare(ours, baseline, seed: 99);

        Assert.Equal(first, again);
        Assert.Equal(first.MeanDifference, other.MeanDifference, 12);
        Assert.InRange(other.PValue, first.PValue - 0.03, first.PValue + 0.03);
    }

    [Fact]
    public void Compare_Unpaired_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Compare([1, 2], [1]));
}
