using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class PorterStemmerTests
{
    // Pairs from Porter's 1980 paper and his reference vocabulary.
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("rational", "ration")]
    [InlineData("generalization", "gener")]
    [InlineData("hopefulness", "hope")]
    [InlineData("goodness", "good")]
    [InlineData("adjustment", "adjust")]
    [InlineData("controlling", "control")]
    [InlineData("running", "run")]
    [InlineData("prisons", "prison")]
    [InlineData("is", "is")]
    public void Stem_EnglishWord_GivesPorterStem(string word, string stem)
    {
        Assert.Equal(stem, PorterStemmer.Stem(word));
    }

    [Fact]
    public void Stem_NonAsciiWord_ReturnsItUnchanged()
    {
        Assert.Equal("prisión", PorterStemmer.Stem("prisión"));
    }
}
