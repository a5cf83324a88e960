using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Tests.Summarisation;

public sealed class ExtractiveSummariserTests
{
    private static readonly string[] Article =
    [
        "The city council approved a new budget for public transport on Monday after a long debate.",
        "The budget adds forty electric buses and extends the night service on three tram lines.",
        "Council members who opposed the plan said the transport budget relies on optimistic fare forecasts.",
        "The mayor said the electric buses would arrive next spring and cut emissions across the city.",
        "Local cafes reported a busy weekend because of the warm weather.",
        "Transport unions welcomed the budget but asked for more drivers on the night service.",
    ];

    private static SummaryDraft Summarise(IReadOnlyList<string> paragraphs, int sentences = 3, int maxWords = 0, string title = "Council approves transport budget") =>
        new ExtractiveSummariser(new SummariserOptions { Sentences = sentences, MaxWords = maxWords })
            .Summarise(new SummaryRequest("id", title, paragraphs, "en"));

    [Fact]
    public void Summarise_DefaultOptions_ReturnsThreeSentencesInArticleOrder()
    {
        var draft = Summarise(Article);

        Assert.Equal(3, draft.Sentences.Count);
        var positions = draft.Sentences.Select(s => Array.IndexOf(Article, s)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.Equal(SummaryMethods.Extractive, draft.Method);
    }

    [Fact]
    public void Summarise_ArticleUnderAnAgencyDateline_OpensWithTheSentenceNotTheDateline()
    {
        string[] article = ["LONDON, England (CNN) -- " + Article[0], .. Article[1..]];

        var draft = Summarise(article);

        Assert.Equal(Article[0], draft.Sentences[0]);
    }

    [Fact]
    public void Summarise_SentencePointingToAPhoto_LeavesThePointerOut()
    {
        string[] article = [Article[0].Replace("The city council approved", "The city council (pictured) approved", StringComparison.Ordinal), .. Article[1..]];

        var draft = Summarise(article);

        Assert.Equal(Article[0], draft.Sentences[0]);
    }

    [Fact]
    public void Summarise_SentenceOpeningWithButAfterOneLeftOut_ReadsWithoutTheBut()
    {
        // The café sentence before it is off topic, so the summary takes the unions' sentence without its neighbour.
        string[] article = [.. Article[..5], "But t" + Article[5][1..]];

        var draft = Summarise(article, sentences: 4);

        Assert.DoesNotContain(Article[4], draft.Sentences);
        Assert.Equal(Article[5], draft.Sentences[^1]);
    }

    [Fact]
    public void Summarise_SentenceOpeningWithAndAfterOneTaken_KeepsTheAnd()
    {
        var linked = "And t" + Article[1][1..];
        string[] article = [Article[0], linked, .. Article[2..]];

        var draft = Summarise(article);

        Assert.Equal(Article[0], draft.Sentences[0]);
        Assert.Equal(linked, draft.Sentences[1]);
    }

    [Fact]
    public void Summarise_OffTopicSentence_IsLeftOut()
    {
        var draft = Summarise(Article, sentences: 4);

        Assert.DoesNotContain(Article[4], draft.Sentences);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Summarise_SentenceTarget_ReturnsThatManySentences(int target)
    {
        Assert.Equal(target, Summarise(Article, sentences: target).Sentences.Count);
    }

    [Fact]
    public void Summarise_WordCap_StaysUnderTheCap()
    {
        var draft = Summarise(Article, sentences: 5, maxWords: 35);

        var words = draft.Sentences.Sum(s => s.Split(' ').Length);
        Assert.InRange(words, 1, 35);
        Assert.True(draft.Sentences.Count >= 2, "a 35-word cap fits two of these sentences");
    }

    [Fact]
    public void Summarise_NearDuplicateOfLead_DropsTheDuplicate()
    {
        string[] article =
        [
            "The city council approved a new budget for public transport on Monday after a long debate.",
            "On Monday the city council approved a new public transport budget after a long debate.",
            "The budget adds forty electric buses and extends the night service on three tram lines.",
            "Transport unions welcomed the budget but asked for more drivers on the night service.",
        ];

        var draft = Summarise(article, sentences: 2);

        Assert.Contains(article[0], draft.Sentences);
        Assert.DoesNotContain(article[1], draft.Sentences);
    }

    [Fact]
    public void Summarise_TweetResidueAndPromoLines_AreNeverPicked()
    {
        string[] article =
        [
            "The minister visited the border crossing on Tuesday and promised faster checks for trucks.",
            "We will make the crossing faster for everyone. pic.twitter.com/AbCdEf123",
            "— Minister Jane Doe (@MinisterDoe) March 4, 2025",
            "CLICK HERE FOR MORE BORDER NEWS AND UPDATES",
            "READ MORE: Border queues reach record length",
            "Truck drivers have waited up to ten hours at the crossing this winter.",
            "The new checks will start in May, the ministry said.",
        ];

        var draft = Summarise(article, sentences: 4, title: "Minister promises faster border checks");

        Assert.DoesNotContain(draft.Sentences, s => s.Contains("pic.twitter.com", StringComparison.Ordinal) || s.Contains('@') || s.Contains("CLICK", StringComparison.Ordinal) || s.Contains("READ MORE", StringComparison.Ordinal));
        Assert.Contains(article[0], draft.Sentences);
    }

    [Fact]
    public void Summarise_ParagraphBrokenMidSentence_DoesNotPickTheLowerCaseTail()
    {
        string[] article =
        [
            "The charity ride on 27",
            "may the charity ride offer riders routes of 46 or 95 miles through the hills where the champion cyclist trained.",
            "The charity ride honours the champion cyclist who trained on these hills in the 1980s.",
            "Entries open next week and the organisers expect two thousand riders.",
        ];

        var draft = Summarise(article, sentences: 1, title: "Charity ride honours champion cyclist");

        Assert.Equal([article[2]], draft.Sentences);
    }

    [Fact]
    public void Summarise_LabelledPhotoCaption_RanksBelowTheReport()
    {
        string[] article =
        [
            "Missing boy: Brock Guzman, 8, was last seen asleep in the back seat of the family car in Stockton.",
            "Police found eight-year-old Brock Guzman safe two miles from his home after the family car was stolen.",
            "A thief took the car after the boy's father left the engine running outside a shop.",
        ];

        var draft = Summarise(article, sentences: 1, title: "Boy found safe after family car is stolen");

        Assert.Equal([article[1]], draft.Sentences);
    }

    [Fact]
    public void Summarise_NoParagraphs_ReturnsEmptySummary()
    {
        var draft = Summarise([], title: string.Empty);

        Assert.Empty(draft.Sentences);
    }

    [Fact]
    public async Task SummariseAsync_SeedArticle_IsAboutTheCecotVisitAndTheWarningWithoutTweetResidue()
    {
        // The project's copy of the seed (seeds/articles), so that the test always runs.
        var path = Path.Combine(Ingestion.SharedData.Checkout(), "seeds", "articles", "000_67bdc76f17fffe89.txt");
        var paragraphs = (await File.ReadAllTextAsync(path)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        ISummariser summariser = new ExtractiveSummariser(new SummariserOptions());

        var draft = await summariser.SummariseAsync(new SummaryRequest("000_67bdc76f17fffe89", string.Empty, paragraphs));

        var summary = string.Join(' ', draft.Sentences);
        Assert.Equal(3, draft.Sentences.Count);
        Assert.Contains("Noem", summary, StringComparison.Ordinal);
        Assert.Contains("El Salvador", summary, StringComparison.Ordinal);
        Assert.Contains("warned", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("pic.twitter.com", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("(@", summary, StringComparison.Ordinal);
        Assert.Contains(draft.Keywords, k => k.Phrase == "El Salvador");

        // The warning is quoted over two sentences; whichever piece is chosen reads as a whole quotation.
        Assert.All(draft.Sentences, sentence => Assert.Equal(sentence.Count(c => c == '“'), sentence.Count(c => c == '”')));
    }
}
