using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class AlertQueryTests
{
    private static readonly MatchableText Article = new(
        "Noem tours El Salvador mega-prison",
        ["CECOT", "deportation flights"],
        ["Homeland Security Secretary Kristi Noem visited the Terrorism Confinement Center on Wednesday.", "It can hold 40,000 inmates in São Paulo-style blocks."],
        "https://www.reuters.com/world/americas/noem-tours-prison");

    [Theory]
    [InlineData("prison")]
    [InlineData("PRISONS")]
    [InlineData("\"El Salvador\" AND prison")]
    [InlineData("\"el salvador\" prison")]
    [InlineData("cecot AND noem")]
    [InlineData("“Terrorism Confinement Center”")]
    [InlineData("40,000")]
    [InlineData("sao paulo")]
    [InlineData("\"SÃO PAULO\"")]
    [InlineData("inmate")]
    [InlineData("flight")]
    [InlineData("mega-prisons")]
    [InlineData("noem (solar OR prison)")]
    [InlineData("solar OR wind OR deportation")]
    [InlineData("noem -cricket")]
    [InlineData("noem -\"prison tours\"")]
    [InlineData("title:noem")]
    [InlineData("title:\"el salvador\"")]
    [InlineData("keyword:cecot")]
    [InlineData("keyword:\"deportation flights\"")]
    [InlineData("body:wednesday")]
    [InlineData("source:reuters.com")]
    [InlineData("source:www.reuters.com")]
    [InlineData("source:com noem")]
    public void Matches_QueryHolds_True(string query) => Assert.True(AlertQuery.Parse(query).Matches(Article), query);

    [Theory]
    [InlineData("prison AND solar")]
    [InlineData("\"Salvador El\"")]
    [InlineData("pris")]
    [InlineData("\"prison homeland\"")]
    [InlineData("\"prisons\"")]
    [InlineData("\"inmate\"")]
    [InlineData("noem -prison")]
    [InlineData("noem -\"el salvador\"")]
    [InlineData("noem -(solar OR cecot)")]
    [InlineData("solar OR wind")]
    [InlineData("title:wednesday")]
    [InlineData("body:cecot")]
    [InlineData("keyword:noem")]
    [InlineData("title:\"homeland security\"")]
    [InlineData("source:bbc.co.uk")]
    [InlineData("source:ters.com")]
    [InlineData("source:world.reuters.com")]
    public void Matches_QueryFails_False(string query) => Assert.False(AlertQuery.Parse(query).Matches(Article), query);

    [Fact]
    public void Matches_PluralOnlyInForm_IsNotStemmed()
    {
        var text = new MatchableText("New rules for imported goods", [], ["Breaking news."]);

        Assert.True(AlertQuery.Parse("news goods").Matches(text));
        Assert.False(AlertQuery.Parse("good").Matches(text));
        Assert.True(AlertQuery.Parse("rule").Matches(text));
    }

    [Fact]
    public void Matches_PhraseAcrossTitleAndBody_False()
    {
        var text = new MatchableText("Storm warning", [], ["Coast closed today."]);

        Assert.False(AlertQuery.Parse("\"warning coast\"").Matches(text));
    }

    [Fact]
    public void Matches_PhraseAcrossTwoKeywords_False()
    {
        var text = new MatchableText("Storm", ["heavy rain", "flood warning"], []);

        Assert.False(AlertQuery.Parse("\"rain flood\"").Matches(text));
        Assert.True(AlertQuery.Parse("\"flood warning\"").Matches(text));
    }

    [Fact]
    public void Matches_OrAndExclusion_WorkWhereTheyWereReadAsWords()
    {
        var smog = new MatchableText("Delhi chokes on smog", [], ["Schools shut as the air turns grey."]);
        var cricket = new MatchableText("Delhi wins at cricket", [], ["A century in the smog."]);

        Assert.True(AlertQuery.Parse("Delhi AND (smog OR pollution)").Matches(smog));
        Assert.True(AlertQuery.Parse("delhi -cricket").Matches(smog));
        Assert.False(AlertQuery.Parse("delhi -cricket").Matches(cricket));
    }
}
