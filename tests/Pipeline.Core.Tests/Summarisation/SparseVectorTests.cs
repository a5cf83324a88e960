using Pipeline.Core.Summarisation;
using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Summarisation;

public sealed class SparseVectorTests
{
    private static readonly string[] Article =
    [
        "The city council approved a new budget for public transport on Monday after a long debate.",
        "The budget adds forty electric buses and extends the night service on three tram lines.",
        "It is.",
        "Council members who opposed the plan said the transport budget relies on optimistic fare forecasts.",
        "The mayor said the electric buses would arrive next spring and cut emissions across the city.",
        "Local cafes reported a busy weekend because of the warm weather.",
        "The budget adds forty electric buses and extends the night service on three tram lines.",
        "Transport unions welcomed the budget but asked for more drivers on the night service, buses and trams.",
    ];

    /// <summary>Thirty sentences over a small vocabulary: most pairs share several words, so a sum taken in another order shows.</summary>
    private static string[] Shuffled()
    {
        string[] words = ["harbour", "council", "solar", "array", "budget", "tariff", "ferry", "winter", "storm", "grid", "battery", "engineers",
            "residents", "turbine", "pier", "license", "schools", "tourism", "fishing", "quota", "bridge", "tunnel", "rail", "freight"];
        var random = new Random(7);
        return [.. Enumerable.Range(0, 30).Select(_ => "The " + string.Join(' ', Enumerable.Range(0, 14).Select(_ => words[random.Next(words.Length)])) + ".")];
    }

    public static TheoryData<string> Texts() => ["article", "shuffled"];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Cosines_EveryPairOfSentences_IsExactlyThePairsOwnCosine(string which)
    {
        var paragraphs = which == "article" ? Article : Shuffled();
        var text = new AnalysedText("Council approves transport budget", paragraphs, LanguageDetector.Resolve("en", paragraphs[0]));
        var vectors = SparseVector.Build(text, text.Sentences.Count, out _);
        var count = vectors.Length;
        var similarity = Enumerable.Repeat(float.NaN, count * count).ToArray();

        SparseVector.Cosines(vectors, similarity);

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(0f, similarity[(i * count) + i]);
            for (var j = 0; j < count; j++)
            {
                if (i != j)
                {
                    // Bit for bit: the summaries must not change with the way the matrix is filled.
                    Assert.Equal(vectors[i].Cosine(vectors[j]), similarity[(i * count) + j]);
                }
            }
        }

        if (which == "article")
        {
            Assert.Equal(1f, similarity[(1 * count) + 6], precision: 5);   // the repeated sentence
            Assert.Equal(0f, similarity[(2 * count) + 1]);                  // "It is." shares no content word
            Assert.Equal(0f, similarity[(0 * count) + 5]);                  // the cafes share nothing with the budget
            Assert.True(similarity[(1 * count) + 7] > similarity[(0 * count) + 4]);
        }
    }
}
