using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class AlertQueryTests
{
    private static readonly MatchableText Article = new(
        "Noem tours El Salvador mega-prison",
        ["CECOT", "deportation"],
        ["Homeland Security Secretary Kristi Noem visited the Terrorism Confinement Center on Wednesday.", "It can hold 40,000 inmates."]);

    [Theory]
    [InlineData("prison")]
    [InlineData("PRISON")]
    [InlineData("\"El Salvador\" AND prison")]
    [InlineData("\"el salvador\" prison")]
    [InlineData("cecot AND noem")]
    [InlineData("“Terrorism Confinement Center”")]
    [InlineData("40,000")]
    public void Matches_AllTermsPresent_True(string query) => Assert.True(AlertQuery.Parse(query).Matches(Article));

    [Theory]
    [InlineData("prison AND solar")]
    [InlineData("\"Salvador El\"")]
    [InlineData("pris")]
    [InlineData("\"prison homeland\"")]
    public void Matches_ATermMissing_False(string query) => Assert.False(AlertQuery.Parse(query).Matches(Article));

    [Fact]
    public void Parse_PhraseAndWords_KeepsPhrasesWhole()
    {
        var query = AlertQuery.Parse("\"Alien Enemies Act\" AND court");

        Assert.Equal([["alien", "enemies", "act"], ["court"]], query.Terms);
    }

    [Theory]
    [InlineData("\"unclosed phrase")]
    [InlineData("   ")]
    [InlineData("AND")]
    public void Parse_Malformed_ThrowsWithTheQuery(string query)
    {
        var error = Assert.Throws<FormatException>(() => AlertQuery.Parse(query));

        Assert.Contains(query.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_PhraseAcrossTitleAndBody_False()
    {
        var text = new MatchableText("Storm warning", [], ["Coast closed today."]);

        Assert.False(AlertQuery.Parse("\"warning coast\"").Matches(text));
    }
}
