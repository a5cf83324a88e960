using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation.Tests;

public sealed class SentenceFeaturesTests
{
    private static readonly SummaryRequest Request = new(
        "f1",
        "Council approves transport budget",
        [
            "The city council approved a new transport budget on Monday after a long debate.",
            "\"It is a good day for the city,\" the mayor said. Will the buses arrive on time?",
            "Follow us on Twitter at pic.twitter.com/abc for more news.",
        ],
        "en");

    [Fact]
    public void Compute_EverySentence_HasOneValuePerNamedFeature()
    {
        var features = SentenceFeatures.Compute(Request);

        Assert.Equal(4, features.Count);
        Assert.All(features.Features, v => Assert.Equal(SentenceFeatures.Names.Count, v.Length));
        Assert.All(features.Features, v => Assert.Equal(1, v[SentenceFeatures.Bias]));
        Assert.Equal(16, features.Similarity.Length);
    }

    [Fact]
    public void Compute_PositionQuoteQuestionAndClutter_AreMarked()
    {
        var x = SentenceFeatures.Compute(Request).Features;

        Assert.Equal([1.0, 0.5, 1.0 / 3, 0.25], x.Select(v => v[SentenceFeatures.Position]));
        Assert.Equal([1.0, 0, 0, 0], x.Select(v => v[SentenceFeatures.First]));
        Assert.Equal([1.0, 1, 0, 1], x.Select(v => v[SentenceFeatures.ParagraphStart]));
        Assert.Equal(1, x[1][SentenceFeatures.Quote]);
        Assert.Equal(1, x[2][SentenceFeatures.Question]);
        Assert.Equal(0, x[3][SentenceFeatures.Quality]);
        Assert.True(x[0][SentenceFeatures.Title] > x[2][SentenceFeatures.Title]);
    }
}
