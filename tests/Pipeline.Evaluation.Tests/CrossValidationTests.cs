using Pipeline.Evaluation;

namespace Pipeline.Evaluation.Tests;

public sealed class CrossValidationTests
{
    [Fact]
    public void StableHash_KnownInput_MatchesFnv1a64()
    {
        // Published FNV-1a 64-bit test vectors.
        Assert.Equal(0xcbf29ce484222325UL, CrossValidation.StableHash(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, CrossValidation.StableHash("a"));
        Assert.Equal(0x85944171f73967e8UL, CrossValidation.StableHash("foobar"));
    }

    [Fact]
    public void Split_EveryItem_IsHeldOutExactlyOnceAndNeverTrainedOnInItsFold()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"bbc-{i:D4}").ToList();

        var folds = CrossValidation.Split(ids, id => id, 5);

        Assert.Equal(5, folds.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), folds.SelectMany(f => f.Test).Order(StringComparer.Ordinal));
        Assert.All(folds, f => Assert.Empty(f.Train.Intersect(f.Test)));
        Assert.All(folds, f => Assert.Equal(ids.Count, f.Train.Count + f.Test.Count));
        // A hash spreads 1,000 ids evenly enough: each fold within 20% of 200.
        Assert.All(folds, f => Assert.InRange(f.Test.Count, 160, 240));
    }

    [Fact]
    public void FoldOf_SameId_SameFoldWhateverElseIsInTheSet()
    {
        var few = CrossValidation.Split(["x", "y", "z"], id => id, 5);
        var many = CrossValidation.Split(Enumerable.Range(0, 50).Select(i => $"n{i}").Append("y").ToList(), id => id, 5);

        Assert.Equal(few.Single(f => f.Test.Contains("y")).Index, many.Single(f => f.Test.Contains("y")).Index);
        Assert.Equal(CrossValidation.FoldOf("y", 5), few.Single(f => f.Test.Contains("y")).Index);
    }

    [Fact]
    public void FoldSpread_KnownValues_MeanAndSampleStandardDeviation()
    {
        var spread = FoldSpread.Of([1, 2, 3, 4]);

        Assert.Equal(2.5, spread.Mean, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), spread.StandardDeviation, 12);
    }
}
