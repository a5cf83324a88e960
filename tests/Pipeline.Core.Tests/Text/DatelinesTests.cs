using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class DatelinesTests
{
    [Theory]
    [InlineData("(CNN)They may not be extraterrestrials.", "They may not be extraterrestrials.")]
    [InlineData("Boston (CNN)Guilty across the board.", "Guilty across the board.")]
    [InlineData("LONDON, England (CNN) -- The Prime Minister resigned.", "The Prime Minister resigned.")]
    [InlineData("WASHINGTON (AP) — Senators voted 51-49 on Tuesday.", "Senators voted 51-49 on Tuesday.")]
    [InlineData("(Reuters) - “We are done,” she said.", "“We are done,” she said.")]
    [InlineData("The Associated Press (AP) reported the vote.", "The Associated Press (AP) reported the vote.")]
    [InlineData("Smith (AP) said nothing.", "Smith (AP) said nothing.")]
    [InlineData("(Not really) a dateline.", "(Not really) a dateline.")]
    [InlineData("Gary Locke will be confirmed as manager.", "Gary Locke will be confirmed as manager.")]
    public void Strip_Sentence_DropsOnlyAnAgencysDateline(string sentence, string expected) =>
        Assert.Equal(expected, Datelines.Strip(sentence));
}
