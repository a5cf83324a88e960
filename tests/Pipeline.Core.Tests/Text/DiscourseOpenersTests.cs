using Pipeline.Core.Text;

namespace Pipeline.Core.Tests.Text;

public sealed class DiscourseOpenersTests
{
    [Theory]
    [InlineData("But officials pointed out that growth had slowed.", "Officials pointed out that growth had slowed.")]
    [InlineData("And Bekele is no stranger to world records.", "Bekele is no stranger to world records.")]
    [InlineData("However, the bank kept its rate at 4.75%.", "The bank kept its rate at 4.75%.")]
    [InlineData("Meanwhile, Ruddock may make Henson his first-choice kicker.", "Ruddock may make Henson his first-choice kicker.")]
    [InlineData("Nevertheless, 2.2 million people will still need help.", "2.2 million people will still need help.")]
    [InlineData("In addition, the club signed two players.", "The club signed two players.")]
    [InlineData("But eBay said the listing broke no rule.", "eBay said the listing broke no rule.")]
    [InlineData("But although he was surprised, he insisted on it.", "Although he was surprised, he insisted on it.")]
    [InlineData("But he bought a 12\" pipe for the job.", "He bought a 12\" pipe for the job.")]
    [InlineData("But he called it “a disgrace” on Monday.", "He called it “a disgrace” on Monday.")]
    public void Strip_SentenceOpeningWithALinkWord_StartsWithWhatFollows(string sentence, string expected) =>
        Assert.Equal(expected, DiscourseOpeners.Strip(sentence));

    [Theory]
    [InlineData("However much it tried, the bank could not keep its rate.")]
    [InlineData("Still water runs deep in the old quarry.")]
    [InlineData("So-called phishing attacks rose by a third.")]
    [InlineData("Butler said the plan would work.")]
    [InlineData("Andrew Smith won the race.")]
    [InlineData("But why?")]
    [InlineData("“But we will win this,” he said.")]
    [InlineData("But it's a game we can win,” he told reporters.")]
    [InlineData("But it's a game we can win,\" he told reporters.")]
    [InlineData("But he said: “We will win this.")]
    [InlineData("The figures are embarrassing. But not fatal.")]
    public void Strip_NoLinkWordOrQuotedWords_LeavesTheSentence(string sentence) =>
        Assert.Equal(sentence, DiscourseOpeners.Strip(sentence));
}
