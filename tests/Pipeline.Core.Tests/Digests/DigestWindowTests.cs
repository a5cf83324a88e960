using Pipeline.Core.Alerts;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class DigestWindowTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly DigestWindow Window = new(
    [
        Article("a1", "Prison reform bill passes", "The prison reform bill passed the senate.", "https://www.reuters.com/a1", 0),
        Article("a2", "Ferry fares frozen", "Ferry fares will not rise, the council said.", "https://news.example/a2", 1),
        Article("a3", "Prison ferry cancelled", "The ferry to the island prison was cancelled.", "https://reuters.com/a3", 2),
        Article("a4", "Bukele expands prison", "Bukele said the prison will grow.", "https://elsalvador.example/a4", 3),
        Article("a5", "Harbour dredging starts", "Dredging of the harbour starts on Monday.", "https://news.example/a5", 4),
    ]);

    [Theory]
    [InlineData("ferry OR harbour", "a2,a3,a5")]
    [InlineData("prison -Bukele", "a1,a3")]
    [InlineData("title:prison", "a1,a3,a4")]
    [InlineData("source:reuters.com", "a1,a3")]
    [InlineData("source:reuters.com -ferry", "a1")]
    public void Select_OneAlert_ExactlyTheMatchingArticlesOldestFirst(string query, string expected)
    {
        var sections = Window.Select([Parsed(null, query)], Noon, new HashSet<string>(), 50);

        Assert.Equal(expected, string.Join(',', Assert.Single(sections).Items.Select(i => i.ArticleId)));
    }

    [Fact]
    public void Select_ArticleMatchingTwoAlerts_AppearsOnceUnderTheFirst()
    {
        var sections = Window.Select([Parsed("Prisons", "prison"), Parsed("Ferries", "ferry")], Noon, new HashSet<string>(), 50);

        Assert.Equal(["Prisons", "Ferries"], sections.Select(s => s.Alert.Name));
        Assert.Equal(["a1", "a3", "a4"], sections[0].Items.Select(i => i.ArticleId));
        Assert.Equal(["a2"], sections[1].Items.Select(i => i.ArticleId));
    }

    [Fact]
    public void Select_AlertWithNoMatch_HasNoSection()
    {
        var sections = Window.Select([Parsed("Telescopes", "telescope"), Parsed("Harbour", "harbour")], Noon, new HashSet<string>(), 50);

        Assert.Equal("Harbour", Assert.Single(sections).Alert.Name);
    }

    [Fact]
    public void Select_DeliveredOrOlderThanSince_Skipped()
    {
        var sections = Window.Select([Parsed(null, "prison OR ferry")], Noon.AddMinutes(1), new HashSet<string> { "a3" }, 50);

        Assert.Equal(["a2", "a4"], Assert.Single(sections).Items.Select(i => i.ArticleId));
    }

    [Fact]
    public void Select_MoreThanTheMost_KeepsTheNewest()
    {
        var sections = Window.Select([Parsed("Prisons", "prison"), Parsed("Harbour", "harbour")], Noon, new HashSet<string>(), 2);

        Assert.Equal(["a4"], sections[0].Items.Select(i => i.ArticleId));
        Assert.Equal(["a5"], sections[1].Items.Select(i => i.ArticleId));
    }

    private static ParsedAlert Parsed(string? name, string query)
    {
        var alert = Alert.Create(name, query);
        return new ParsedAlert(alert, AlertQuery.Parse(alert.Query));
    }

    private static WindowArticle Article(string id, string title, string body, string url, int minutes) => new(
        new DigestItem(id, title, [body], [], "extractive", url),
        Noon.AddMinutes(minutes),
        new MatchableDocument(title, [], [body], url));
}
