namespace Pipeline.Evaluation.Tests;

public sealed class KeywordFoldsTests
{
    [Fact]
    public void FoldOf_SameId_SameFoldEveryTimeAndInRange()
    {
        // FNV-1a of "inspec-1" is fixed, so the fold cannot move between runs or machines.
        Assert.Equal(KeywordFolds.FoldOf("inspec-1", 5), KeywordFolds.FoldOf("inspec-1", 5));
        var folds = Enumerable.Range(0, 1000).Select(i => KeywordFolds.FoldOf("doc-" + i, 5)).ToList();
        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        Assert.All(Enumerable.Range(0, 5), f => Assert.InRange(folds.Count(x => x == f), 150, 250));
    }

    [Fact]
    public void BootstrapP_ClearlyBetterCandidate_IsSmallAndEqualSystemsAreNot()
    {
        var baseline = Enumerable.Range(0, 200).Select(i => (i % 10) / 10.0).ToList();
        var better = baseline.Select(b => b + 0.05).ToList();

        Assert.True(KeywordFolds.BootstrapP(baseline, better) < 0.01);
        Assert.Equal(1.0, KeywordFolds.BootstrapP(baseline, baseline));
    }

    [Fact]
    public void Summarise_TwoFolds_ReportsMeanAndSpreadOfFoldMeans()
    {
        var scores = Enumerable.Range(0, 400).Select(i => new DocumentScore("d" + i, "set", KeywordFolds.FoldOf("d" + i, 2) == 0 ? 0.2 : 0.4)).ToList();

        var overall = KeywordFolds.Summarise(scores, 2).Single(s => s.Dataset == "overall");

        Assert.Equal(0.3, overall.Mean, 6);
        Assert.Equal(Math.Sqrt(0.02), overall.StandardDeviation, 6);
    }
}
