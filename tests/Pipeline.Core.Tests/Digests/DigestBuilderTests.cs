using Pipeline.Core.Digests;
using static Pipeline.Core.Tests.Digests.DigestSamples;

namespace Pipeline.Core.Tests.Digests;

public sealed class DigestBuilderTests
{
    [Fact]
    public void Build_TwoArticles_BothPartsCarryEveryTitleAndSummary()
    {
        var message = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])]);

        Assert.Equal("alice@example.com", message.To);
        Assert.Equal("2 new articles for your alert: \"El Salvador\" AND prison", message.Subject);
        Assert.Contains("Noem tours <CECOT> & warns", message.Text, StringComparison.Ordinal);
        Assert.Contains("Noem visited the prison. She issued a warning.", message.Text, StringComparison.Ordinal);
        Assert.Contains("The prison will add 10,000 places.", message.Text, StringComparison.Ordinal);
        Assert.Contains("Noem tours &lt;CECOT&gt; &amp; warns", message.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://news.example/noem\"", message.Html, StringComparison.Ordinal);
        Assert.Contains("Bukele&#39;s prison expands", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FallbackSummary_SaysWhichMethodWroteIt()
    {
        var message = Build(Alice, [new DigestSection(Alice.Alerts[0], [Bukele])]);

        Assert.Contains("language model was unavailable", message.Text.Replace('\n', ' '), StringComparison.Ordinal);
        Assert.StartsWith("1 new article for", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestId_SameArticlesInAnyOrder_SameId_OtherArticles_OtherId()
    {
        Assert.Equal(DigestBuilder.DigestId(Alice, ["a1", "b2"]), DigestBuilder.DigestId(Alice, ["b2", "a1"]));
        Assert.NotEqual(DigestBuilder.DigestId(Alice, ["a1", "b2"]), DigestBuilder.DigestId(Alice, ["a1"]));
        Assert.Equal(DigestBuilder.DigestId(Alice, ["a1"]) + "@pipeline.local", Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem])]).MessageId);
    }

    [Fact]
    public void Build_SameDigestTwice_SameMessageId_OnTheGivenDomain()
    {
        var sections = new[] { new DigestSection(Alice.Alerts[0], [Noem, Bukele]) };
        var first = DigestBuilder.Build(Alice, sections, At, LinksFor(Alice), 10, "mail.example.org");
        var again = DigestBuilder.Build(Alice, sections, At.AddHours(1), LinksFor(Alice), 10, "mail.example.org");

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.EndsWith("@mail.example.org", first.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void ArticleIds_FoldedDuplicates_AreDeliveredWithTheirItem()
    {
        var folded = Noem with { FoldedArticleIds = ["dup1", "dup2"] };

        var ids = DigestBuilder.ArticleIds([new DigestSection(Alice.Alerts[0], [folded, Bukele])]);

        Assert.Equal(["a1", "b2", "dup1", "dup2"], ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_TwoAlerts_AHeadingPerAlertInOrder_EachArticleUnderItsOwn()
    {
        var prisons = Alert.Create("Prisons", "prison");
        var ferries = Alert.Create(null, "ferry");
        var ferry = new DigestItem("f3", "Ferry fares frozen", ["Fares will not rise."], [], "extractive", null);

        var message = Build(Alice, [new DigestSection(prisons, [Noem, Bukele]), new DigestSection(ferries, [ferry])]);

        Assert.Equal("3 new articles for your alerts: Prisons, ferry", message.Subject);
        var prisonHeading = message.Text.IndexOf("== Prisons (prison) ==", StringComparison.Ordinal);
        var ferryHeading = message.Text.IndexOf("== ferry ==", StringComparison.Ordinal);
        Assert.True(prisonHeading >= 0 && ferryHeading > prisonHeading);
        Assert.InRange(message.Text.IndexOf("Bukele's prison expands", StringComparison.Ordinal), prisonHeading, ferryHeading);
        Assert.True(message.Text.IndexOf("Ferry fares frozen", StringComparison.Ordinal) > ferryHeading);
        Assert.Contains(">Prisons (prison)</h2>", message.Html, StringComparison.Ordinal);
        Assert.Contains(">ferry</h2>", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MoreArticlesThanTheCap_ShowsTheCapAndCountsTheRestAsAndNMore()
    {
        var items = Enumerable.Range(1, 13).Select(i => Item(i)).ToList();

        var message = Build(Alice, [new DigestSection(Alice.Alerts[0], items)], maxPerAlert: 10);

        Assert.StartsWith("13 new articles for your alert", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Article number 10", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Article number 11", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Article number 11", message.Text, StringComparison.Ordinal);
        var webCopy = LinksFor(Alice).WebCopy!.AbsoluteUri;
        Assert.Contains($"<a href=\"{System.Net.WebUtility.HtmlEncode(webCopy)}\" style=\"color:{DigestPalette.LightLink}\">and 3 more</a>", message.Html, StringComparison.Ordinal);
        Assert.Contains("and 3 more in the web copy [", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoMoreThanTheCap_NoAndNMore()
    {
        var message = Build(Alice, [new DigestSection(Alice.Alerts[0], [Item(1), Item(2)])], maxPerAlert: 2);

        Assert.DoesNotContain(" more</a>", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("more in the web copy", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WebCopy_MoreArticlesThanTheCap_ListsEveryArticle_WithoutPreheaderOrViewInBrowser()
    {
        var items = Enumerable.Range(1, 13).Select(i => Item(i)).ToList();

        var page = DigestBuilder.WebCopy(Alice, [new DigestSection(Alice.Alerts[0], items)], At, LinksFor(Alice));

        Assert.All(items, i => Assert.Contains($">{i.Title}</a></h3>", page, StringComparison.Ordinal));
        Assert.DoesNotContain("more</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("View in browser", page, StringComparison.Ordinal);
        Assert.DoesNotContain("display:none", page, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Subject_AlertNameWithLineBreaksAndControls_OneCleanLine()
    {
        var alert = new Alert("x", "Evil\r\nBcc: victim@example.com\u0000\u0007 alert", "evil");

        var subject = DigestBuilder.Subject([new DigestSection(alert, [Noem])]);

        Assert.Equal("1 new article for your alert: Evil Bcc: victim@example.com alert", subject);
        Assert.DoesNotContain(subject, char.IsControl);
    }

    [Fact]
    public void Build_MaximalDigest_HtmlFitsTheBudget_RestCountedAsMore()
    {
        var alerts = Enumerable.Range(0, 5).Select(i => Alert.Create($"Alert {i}", $"topic{i}")).ToList();
        var subscriber = Alice with { Alerts = alerts };
        var sections = Maximal(subscriber);

        var message = Build(subscriber, sections, maxPerAlert: 10);

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(message.Html), 1, DigestBuilder.HtmlBudgetBytes);
        Assert.StartsWith("50 new articles for your alerts", message.Subject, StringComparison.Ordinal);
        Assert.Contains("more</a> in the web copy", message.Html, StringComparison.Ordinal);
    }
}
