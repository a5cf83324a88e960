using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class DigestBuilderTests
{
    private static readonly Subscriber Alice = new(Subscriber.KeyOf("alice@example.com"), "alice@example.com", [Alert.Create(null, "\"El Salvador\" AND prison")], "daily", null, null);
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 15, 0, TimeSpan.Zero);

    private static readonly DigestItem Noem = new(
        "a1", "Noem tours <CECOT> & warns", ["Noem visited the prison.", "She issued a warning."], ["noem", "cecot"], "extractive", "https://news.example/noem");

    private static readonly DigestItem Bukele = new("b2", "Bukele's prison expands", ["The prison will add 10,000 places."], [], "extractive-fallback", null);

    [Fact]
    public void Build_TwoArticles_BothPartsCarryEveryTitleAndSummary()
    {
        var message = DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])], At);

        Assert.Equal("alice@example.com", message.To);
        Assert.Equal("2 new articles for your alert: \"El Salvador\" AND prison", message.Subject);
        Assert.Contains("Noem tours <CECOT> & warns", message.Text, StringComparison.Ordinal);
        Assert.Contains("Noem visited the prison. She issued a warning.", message.Text, StringComparison.Ordinal);
        Assert.Contains("The prison will add 10,000 places.", message.Text, StringComparison.Ordinal);
        Assert.Contains("Noem tours &lt;CECOT&gt; &amp; warns", message.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example/noem\">", message.Html, StringComparison.Ordinal);
        Assert.Contains("Bukele&#39;s prison expands", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FallbackSummary_SaysWhichMethodWroteIt()
    {
        var message = DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Bukele])], At);

        Assert.Contains("language model was unavailable", message.Text, StringComparison.Ordinal);
        Assert.StartsWith("1 new article for", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestId_SameArticlesInAnyOrder_SameId_OtherArticles_OtherId()
    {
        Assert.Equal(DigestBuilder.DigestId(Alice, ["a1", "b2"]), DigestBuilder.DigestId(Alice, ["b2", "a1"]));
        Assert.NotEqual(DigestBuilder.DigestId(Alice, ["a1", "b2"]), DigestBuilder.DigestId(Alice, ["a1"]));
        Assert.Equal(DigestBuilder.DigestId(Alice, ["a1"]) + "@pipeline.local", DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem])], At).MessageId);
    }

    [Fact]
    public void Build_TwoAlerts_AHeadingPerAlertInOrder_EachArticleUnderItsOwn()
    {
        var prisons = Alert.Create("Prisons", "prison");
        var ferries = Alert.Create(null, "ferry");
        var ferry = new DigestItem("f3", "Ferry fares frozen", ["Fares will not rise."], [], "extractive", null);

        var message = DigestBuilder.Build(Alice, [new DigestSection(prisons, [Noem, Bukele]), new DigestSection(ferries, [ferry])], At);

        Assert.Equal("3 new articles for your alerts: Prisons, ferry", message.Subject);
        var prisonHeading = message.Text.IndexOf("== Prisons (prison) ==", StringComparison.Ordinal);
        var ferryHeading = message.Text.IndexOf("== ferry ==", StringComparison.Ordinal);
        Assert.True(prisonHeading >= 0 && ferryHeading > prisonHeading);
        Assert.InRange(message.Text.IndexOf("Bukele's prison expands", StringComparison.Ordinal), prisonHeading, ferryHeading);
        Assert.True(message.Text.IndexOf("Ferry fares frozen", StringComparison.Ordinal) > ferryHeading);
        Assert.Contains(">Prisons (prison)</h1>", message.Html, StringComparison.Ordinal);
        Assert.Contains(">ferry</h1>", message.Html, StringComparison.Ordinal);
    }
}
