namespace Pipeline.Evaluation.Tests;

public sealed class RougeTests
{
    [Fact]
    public void Score_OneWordSwapped_MatchesHandComputedValues()
    {
        // ref: the cat sat on the mat; pred: the cat sat on a mat.
        // ROUGE-1: overlap 5 of 6 each way. ROUGE-2: 3 of 5 bigrams. ROUGE-L: LCS "the cat sat on mat" = 5 of 6.
        var result = Rouge.Score("the cat sat on the mat", "the cat sat on a mat");

        Assert.Equal(5.0 / 6, result.Rouge1.F, 6);
        Assert.Equal(3.0 / 5, result.Rouge2.F, 6);
        Assert.Equal(5.0 / 6, result.RougeL.F, 6);
    }

    [Fact]
    public void Score_RepeatedWord_ClipsOverlapToReferenceCount()
    {
        // "the" appears once in the reference, so only one of the four counts: P = 1/4, R = 1/2, F = 1/3.
        var result = Rouge.Score("the cat", "the the the the");

        Assert.Equal(0.25, result.Rouge1.Precision, 6);
        Assert.Equal(0.5, result.Rouge1.Recall, 6);
        Assert.Equal(1.0 / 3, result.Rouge1.F, 6);
    }

    [Fact]
    public void Score_InflectedWordsInOtherOrder_StemsThemAndRewardsOrderOnlyInRougeL()
    {
        // "Running dogs" and "dogs run" stem to "run dog" and "dog run": unigrams all match, no bigram does, LCS is 1 of 2.
        var result = Rouge.Score("Running dogs", "dogs run");

        Assert.Equal(1.0, result.Rouge1.F, 6);
        Assert.Equal(0.0, result.Rouge2.F, 6);
        Assert.Equal(0.5, result.RougeL.F, 6);
    }

    [Fact]
    public void Tokenise_PunctuationAndCase_LikeRougeScore()
    {
        Assert.Equal(["u", "s", "led", "3", "5", "talk"], Rouge.Tokenise("U.S.-led 3.5% TALKS"));
    }

    [Fact]
    public void Score_EmptyPrediction_ScoresZero()
    {
        var result = Rouge.Score("the cat sat", string.Empty);

        Assert.Equal(0, result.Rouge1.F);
        Assert.Equal(0, result.RougeL.F);
    }
}
