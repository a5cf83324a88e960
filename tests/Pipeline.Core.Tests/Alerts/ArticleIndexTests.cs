using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class ArticleIndexTests
{
    private static readonly MatchableDocument[] Window =
    [
        new("Delhi chokes on smog", ["air pollution"], ["Schools shut as the air turns grey.", "Flights were delayed."], "https://www.hindustantimes.com/delhi"),
        new("Delhi wins at cricket", ["cricket"], ["A century in the smog.", "The test match ends."], "https://www.espncricinfo.com/x"),
        new("Prisons in El Salvador", ["CECOT"], ["The prison holds 40,000 inmates."], "https://www.reuters.com/world"),
        new("Court blocks deportation flights", ["Alien Enemies Act"], ["A judge ruled on the prison transfers."], "https://uk.reuters.com/legal"),
        new("Solar farms", [], [], null),
    ];

    private static readonly ArticleIndex Index = ArticleIndex.Build(Window);

    [Theory]
    [InlineData("delhi", new[] { 0, 1 })]
    [InlineData("delhi -cricket", new[] { 0 })]
    [InlineData("Delhi AND (smog OR pollution)", new[] { 0, 1 })]
    [InlineData("title:smog", new[] { 0 })]
    [InlineData("prison", new[] { 2, 3 })]
    [InlineData("\"prison\"", new[] { 2, 3 })]
    [InlineData("\"prisons\"", new[] { 2 })]
    [InlineData("source:reuters.com", new[] { 2, 3 })]
    [InlineData("source:uk.reuters.com prison", new[] { 3 })]
    [InlineData("\"air pollution\" OR \"test match\"", new[] { 0, 1 })]
    [InlineData("\"grey flights\"", new int[0])]
    [InlineData("keyword:\"alien enemies act\" -body:judge", new int[0])]
    [InlineData("solar OR farm", new[] { 4 })]
    [InlineData("nowhere OR solar", new[] { 4 })]
    public void Match_Window_GivesTheMatchingOrdinalsInOrder(string query, int[] expected) =>
        Assert.Equal(expected, Index.Match(AlertQuery.Parse(query)));

    [Fact]
    public void Match_EveryQuery_AgreesWithTheSingleArticlePath()
    {
        string[] queries = ["delhi", "smog -cricket", "title:delhi", "keyword:cricket", "body:\"test match\"", "prison OR court", "source:com", "\"40,000\" inmate", "flight"];
        foreach (var text in queries)
        {
            var query = AlertQuery.Parse(text);
            var single = Enumerable.Range(0, Window.Length).Where(i => query.Matches(new MatchableText(Window[i]))).ToArray();

            Assert.Equal(single, Index.Match(query));
        }
    }

    [Fact]
    public void Build_NoArticles_MatchesNothing()
    {
        var empty = ArticleIndex.Build([]);

        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.Match(AlertQuery.Parse("delhi OR \"air pollution\" -cricket")));
    }

    [Fact]
    public void Match_Result_IsACopyTheCallerMayChange()
    {
        var query = AlertQuery.Parse("source:reuters.com");
        Index.Match(query)[0] = 99;

        Assert.Equal([2, 3], Index.Match(query));
    }
}
