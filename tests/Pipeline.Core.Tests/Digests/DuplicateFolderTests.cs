using Pipeline.Core.Digests;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Tests.Digests;

public sealed class DuplicateFolderTests
{
    private const string WeWork =
        "The New York State Attorney General has opened an investigation into WeWork over how it sold shares to its employees " +
        "before the failed stock market listing. Investigators asked for documents about the share sales and about the role of " +
        "its founder, who stepped down as chief executive last month. WeWork said it would cooperate fully with the inquiry.";

    private const string Floods =
        "Heavy rain has flooded parts of the Yorkshire coast, closing roads and railway lines between Scarborough and Whitby. " +
        "The Environment Agency issued six flood warnings overnight and said river levels would stay high until the weekend.";

    private const string Rates =
        "The Bank of England held interest rates at 4.75% for a sixth month, as policymakers weighed slowing house prices " +
        "against rising oil costs. Economists expect the next move to be a cut, though not before the summer.";

    private static readonly Alert WeWorkAlert = new("a1", "WeWork", "WeWork");
    private static readonly Alert OfficesAlert = new("a2", "Offices", "office");

    private readonly Dictionary<string, DuplicateSignature> _signatures = new(StringComparer.Ordinal);

    private DigestItem Item(string id, string body, string? url, string method = SummaryMethods.Extractive, params string[] sentences)
    {
        _signatures[id] = NearDuplicates.Compute(id, [body], NearDuplicateSettings.Default);
        return new DigestItem(id, "Title " + id, sentences.Length == 0 ? ["Summary of " + id + "."] : sentences, [], method, url);
    }

    private IReadOnlyList<DigestSection> Fold(params DigestSection[] sections) => DuplicateFolder.Fold(sections, id => _signatures.GetValueOrDefault(id));

    [Fact]
    public void Fold_TwoReportsOfOneStory_OneItemWithTheOtherSiteAndId()
    {
        var a = Item("a", WeWork, "https://www.venturebeat.com/wework");
        var b = Item("b", WeWork + " Shares were not affected.", "https://techcrunch.com/2019/wework", SummaryMethods.Extractive, "A longer summary of the WeWork inquiry, from TechCrunch.");
        var c = Item("c", Floods, "https://example.org/floods");

        var folded = Fold(new DigestSection(WeWorkAlert, [a, b, c]));

        var items = Assert.Single(folded).Items;
        Assert.Equal(["b", "c"], items.Select(i => i.ArticleId));
        Assert.Equal(["venturebeat.com"], items[0].AlsoReportedBy);
        Assert.Equal(["a"], items[0].FoldedArticleIds);
        Assert.Empty(items[1].AlsoReportedBy);
    }

    [Fact]
    public void Fold_LlmSummaryPresent_ShownOverALongerExtractiveOne()
    {
        var a = Item("a", WeWork, "https://venturebeat.com/x", SummaryMethods.Extractive, "A much longer extractive summary of the story that goes on and on.");
        var b = Item("b", WeWork, "https://techcrunch.com/y", SummaryMethods.Llm, "Short LLM summary.");

        var shown = Assert.Single(Assert.Single(Fold(new DigestSection(WeWorkAlert, [a, b]))).Items);

        Assert.Equal("b", shown.ArticleId);
        Assert.Equal(["venturebeat.com"], shown.AlsoReportedBy);
    }

    [Fact]
    public void Fold_EqualSummaries_EarlierItemShownInItsPlace()
    {
        var r = Item("r", Rates, "https://bank.example/rates");
        var a = Item("a", WeWork, "https://venturebeat.com/x", SummaryMethods.Extractive, "Same length.");
        var c = Item("c", Floods, "https://floods.example/f");
        var b = Item("b", WeWork, "https://techcrunch.com/y", SummaryMethods.Extractive, "Same length.");

        var items = Assert.Single(Fold(new DigestSection(WeWorkAlert, [r, a, c, b]))).Items;

        Assert.Equal(["r", "a", "c"], items.Select(i => i.ArticleId));
        Assert.Equal(["techcrunch.com"], items[1].AlsoReportedBy);
    }

    [Fact]
    public void Fold_DuplicateInALaterSection_KeptInTheFirstAndEmptySectionDropped()
    {
        var a = Item("a", WeWork, "https://venturebeat.com/x");
        var b = Item("b", WeWork, "https://techcrunch.com/y");
        var c = Item("c", WeWork, "https://www.theverge.com/z");

        var folded = Fold(new DigestSection(WeWorkAlert, [a]), new DigestSection(OfficesAlert, [b, c]));

        var section = Assert.Single(folded);
        Assert.Equal(WeWorkAlert, section.Alert);
        var shown = Assert.Single(section.Items);
        Assert.Equal("a", shown.ArticleId);
        Assert.Equal(["techcrunch.com", "theverge.com"], shown.AlsoReportedBy);
        Assert.Equal(["b", "c"], shown.FoldedArticleIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fold_SameHostOrNoUrl_FoldedWithNoSiteToName()
    {
        var a = Item("a", WeWork, "https://www.techcrunch.com/x");
        var b = Item("b", WeWork, "https://techcrunch.com/y");
        var c = Item("c", WeWork, null);

        var shown = Assert.Single(Assert.Single(Fold(new DigestSection(WeWorkAlert, [a, b, c]))).Items);

        Assert.Empty(shown.AlsoReportedBy);
        Assert.Equal(["b", "c"], shown.FoldedArticleIds);
    }

    [Fact]
    public void Fold_NoDuplicates_SectionsUnchanged()
    {
        var sections = new[] { new DigestSection(WeWorkAlert, [Item("a", WeWork, "https://a.example/"), Item("b", Floods, "https://b.example/")]) };

        Assert.Same(sections, DuplicateFolder.Fold(sections, id => _signatures.GetValueOrDefault(id)));
    }

    [Fact]
    public void Fold_ItemWithoutSignature_NeverFolded()
    {
        var a = Item("a", WeWork, "https://a.example/");
        var b = new DigestItem("b", "Title", ["x"], [], SummaryMethods.Extractive, "https://b.example/");

        var items = Assert.Single(Fold(new DigestSection(WeWorkAlert, [a, b]))).Items;

        Assert.Equal(2, items.Count);
    }

    [Theory]
    [InlineData("https://www.VentureBeat.com/a?b=c", "venturebeat.com")]
    [InlineData("http://techcrunch.com", "techcrunch.com")]
    [InlineData("not a url", null)]
    [InlineData(null, null)]
    public void Host_Urls_LowerCasedWithoutWww(string? url, string? expected) => Assert.Equal(expected, DuplicateFolder.Host(url));
}
