using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

public sealed class AlertTextTests
{
    [Theory]
    [InlineData("prisons", "prison")]
    [InlineData("prison", "prison")]
    [InlineData("policies", "policy")]
    [InlineData("elections", "election")]
    [InlineData("flights", "flight")]
    [InlineData("boxes", "boxe")]
    [InlineData("shoes", "shoes")]
    [InlineData("bus", "bus")]
    [InlineData("glass", "glass")]
    [InlineData("its", "it")]
    [InlineData("us", "us")]
    [InlineData("organisation", "organisation")]
    [InlineData("university", "university")]
    [InlineData("1990s", "1990")]
    [InlineData("news", "news")]
    [InlineData("goods", "goods")]
    public void Stem_EnglishPlurals_AreUndoneAndNothingElse(string word, string stem) => Assert.Equal(stem, AlertText.Stem(word));

    [Theory]
    [InlineData("Zürich", "zurich")]
    [InlineData("SÃO", "sao")]
    [InlineData("Straße", "strasse")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Ærø", "aero")]
    [InlineData("Kraków", "krakow")]
    public void Fold_CaseAndAccents_AreRemoved(string word, string folded) => Assert.Equal(folded, AlertText.Fold(word));

    [Fact]
    public void Words_Punctuation_SplitsWords() =>
        Assert.Equal(["noem", "s", "mega", "prison", "holds", "40", "000", "cafe"], AlertText.Words("Noem's mega-prison holds 40,000 (café)"));

    [Theory]
    [InlineData("https://www.Reuters.com/world/x", "www.reuters.com")]
    [InlineData("bbc.co.uk/news", "bbc.co.uk")]
    [InlineData("apnews.com.", "apnews.com")]
    [InlineData("not a host", null)]
    [InlineData("", null)]
    public void Host_UrlOrHost_IsLowerCaseHost(string text, string? host) => Assert.Equal(host, AlertText.Host(text));
}
