using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class NearDuplicatesTests
{
    private const string Story =
        "The New York State Attorney General has opened an investigation into WeWork, the office-sharing company, over how it " +
        "sold shares to its employees before the failed stock market listing. Investigators have asked the company for documents " +
        "about the share sales and about the role of its founder, Adam Neumann, who stepped down as chief executive last month. " +
        "WeWork said it would cooperate fully with the inquiry. The company's valuation fell from 47 billion dollars to under " +
        "eight billion after the listing was abandoned, and its largest investor, SoftBank, agreed to take control in a rescue deal.";

    private const string Other =
        "Heavy rain has flooded parts of the Yorkshire coast, closing roads and railway lines between Scarborough and Whitby. " +
        "The Environment Agency issued six flood warnings overnight and said river levels would stay high until the weekend. " +
        "Residents of low-lying streets were moved to a school hall, and the council opened a helpline for people whose homes " +
        "were damaged. Forecasters expect another band of rain on Thursday, though lighter than the storm that hit on Monday.";

    private static readonly NearDuplicateSettings Settings = NearDuplicateSettings.Default;

    private static DuplicateSignature Sign(string title, string body) => NearDuplicates.Compute(title, body.Split('\n'), Settings);

    [Fact]
    public void Compute_IdenticalTexts_SimilarityOneAndDuplicates()
    {
        var a = Sign("WeWork investigated by New York", Story);
        var b = Sign("WeWork investigated by New York", Story);

        Assert.Equal(1.0, NearDuplicates.BodySimilarity(a, b));
        Assert.True(NearDuplicates.AreNearDuplicates(a, b, Settings));
    }

    [Fact]
    public void Compute_SameTextRunTwice_SameSignatureAcrossCalls()
    {
        // Fixed seeds and FNV hashes: the estimate of a pair never moves between runs or processes.
        var first = NearDuplicates.BodySimilarity(Sign("x", Story), Sign("y", Story.Replace("WeWork", "The firm", StringComparison.Ordinal)));
        var second = NearDuplicates.BodySimilarity(Sign("x", Story), Sign("y", Story.Replace("WeWork", "The firm", StringComparison.Ordinal)));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Compute_NearIdenticalWithCaseAndPunctuationChanges_Duplicates()
    {
        var edited = Story.ToUpperInvariant().Replace(",", string.Empty, StringComparison.Ordinal).Replace("last month", "in September", StringComparison.Ordinal);

        var similarity = NearDuplicates.BodySimilarity(Sign("a", Story), Sign("b", edited));

        Assert.InRange(similarity, 0.8, 1.0);
        Assert.True(NearDuplicates.AreNearDuplicates(Sign("a", Story), Sign("b", edited), Settings));
    }

    [Fact]
    public void Compute_SameStoryWithAddedParagraph_StillDuplicates()
    {
        var extended = Story + "\nShares in SoftBank fell 2% in Tokyo after the news.";

        Assert.True(NearDuplicates.AreNearDuplicates(Sign("WeWork faces inquiry", Story), Sign("WeWork under investigation", extended), Settings));
    }

    [Fact]
    public void Compute_RewriteWithSameHeadlineAndLead_DuplicatesThroughTheLead()
    {
        var rewrite =
            "New York State Attorney General investigating WeWork over employee share sales before its failed stock market listing. " +
            "A person familiar with the matter said subpoenas went out this week. Neumann has not commented. " +
            "The case adds to a difficult year for the company, which laid off staff across three continents.";
        var a = Sign("New York State Attorney General investigating WeWork", Story.Replace("has opened an investigation into WeWork, the office-sharing company, over how it sold shares to its employees", "is investigating WeWork over share sales to employees", StringComparison.Ordinal));
        var b = Sign("New York State Attorney General investigating WeWork", rewrite);

        Assert.True(NearDuplicates.BodySimilarity(a, b) < Settings.BodyThreshold);
        Assert.True(NearDuplicates.LeadSimilarity(a, b) >= Settings.LeadThreshold);
        Assert.True(NearDuplicates.AreNearDuplicates(a, b, Settings));
    }

    [Fact]
    public void Compute_UnrelatedStories_NotDuplicates()
    {
        var a = Sign("WeWork investigated by New York", Story);
        var b = Sign("Floods close Yorkshire coast roads", Other);

        Assert.InRange(NearDuplicates.BodySimilarity(a, b), 0.0, 0.1);
        Assert.False(NearDuplicates.AreNearDuplicates(a, b, Settings));
    }

    [Fact]
    public void Compute_EmptyBodies_NeverDuplicates()
    {
        var a = Sign(string.Empty, string.Empty);
        var b = Sign(string.Empty, "  ... ");

        Assert.True(a.IsEmpty);
        Assert.Equal(0.0, NearDuplicates.BodySimilarity(a, b));
        Assert.False(NearDuplicates.AreNearDuplicates(a, b, Settings));
    }

    [Fact]
    public void Compute_OneWordBodies_MatchOnlyTheSameWord()
    {
        Assert.True(NearDuplicates.AreNearDuplicates(Sign("t", "WeWork"), Sign("u", "wework"), Settings));
        Assert.False(NearDuplicates.AreNearDuplicates(Sign("t", "WeWork"), Sign("u", "SoftBank"), Settings));
    }

    [Fact]
    public void LeadSimilarity_ShortHeadlinesOnly_DoNotCount()
    {
        // Two stories under "Six Nations" headlines with no body share words by chance; too few to say anything.
        var a = Sign("Vickery out of Six Nations", string.Empty);
        var b = Sign("Robinson out of Six Nations", string.Empty);

        Assert.Equal(0.0, NearDuplicates.LeadSimilarity(a, b));
    }
}
