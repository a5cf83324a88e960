using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class ExtractionEvaluatorSnippetsTests
{
    [Theory]
    [InlineData("The quick\nbrown  fox", "quick brown fox", true)]
    [InlineData("The quick\u00a0brown fox", "quick  brown", true)]
    [InlineData("The quick brown fox", "Quick brown", false)]
    [InlineData("The quick brown fox", "brown dog", false)]
    public void Contains_WhitespaceCollapsedCaseSensitive_AsTrafilaturaCounts(string text, string snippet, bool expected)
    {
        Assert.Equal(expected, ExtractionEvaluator.Contains(ExtractionEvaluator.NormaliseSpace(text), snippet));
    }

    [Fact]
    public void ScoreSnippets_Page_CountsWithAndWithoutFound()
    {
        var html = "<html><body><nav><a href='/'>Home</a> <a href='/n'>Newsletter</a></nav><article><h1>Title</h1>"
            + "<p>The first paragraph of the article has plenty of words, commas, and detail to score well as body text.</p>"
            + "<p>The second paragraph goes on, with more words, more commas, and a clear ending sentence here.</p></article></body></html>";
        var expectation = new SnippetExpectation(["first paragraph of the article", "clear ending sentence", "not on the page"], ["Newsletter"]);

        var score = ExtractionEvaluator.ScoreSnippets("page", System.Text.Encoding.UTF8.GetBytes(html), expectation);

        Assert.Equal((2, 3, 0, 1), (score.WithFound, score.WithCount, score.WithoutFound, score.WithoutCount));
    }

    [Fact]
    public void PartOf_SameName_SamePartAndBothPartsUsed()
    {
        var parts = Enumerable.Range(0, 100).Select(i => ExtractionEvaluator.PartOf($"page-{i}")).ToList();

        Assert.Equal(ExtractionEvaluator.PartOf("page-7"), parts[7]);
        Assert.InRange(parts.Count(p => p == "A"), 30, 70);
    }

    [Fact]
    public void Report_SummaryAndPartLines_PoolSnippetsOverPages()
    {
        var report = new SnippetReport(
        [
            new SnippetPageScore("a", "A", 3, 3, 0, 2, string.Empty, null),
            new SnippetPageScore("b", "B", 0, 1, 1, 2, string.Empty, null),
        ]);

        Assert.Equal("snippets: pages=2 with=0.7500 without=0.2500", report.SummaryLine);
        Assert.Equal(["snippets[A]: pages=1 with=1.0000 without=0.0000", "snippets[B]: pages=1 with=0.0000 without=0.5000"], report.PartLines);
    }

    [Fact]
    public void BenchmarkLine_PooledCounts_ScoredAsTrafilaturasTableScoresThem()
    {
        // TP 3, FN 1 (the with snippets), FP 1, TN 3 (the without ones).
        var report = new SnippetReport(
        [
            new SnippetPageScore("a", "A", 3, 3, 0, 2, string.Empty, null),
            new SnippetPageScore("b", "B", 0, 1, 1, 2, string.Empty, null),
        ]);

        Assert.Equal(
            "snippets as trafilatura scores them: precision=0.7500 recall=0.7500 accuracy=0.7500 f1=0.7500",
            report.BenchmarkLine);

        // TP 2, FN 2, FP 0, TN 4: precision 1, recall 0.5, accuracy 0.75, F1 = 4 / (4 + 0 + 2).
        var precise = new SnippetReport([new SnippetPageScore("c", "A", 2, 4, 0, 4, string.Empty, null)]);
        Assert.Equal(
            "snippets as trafilatura scores them: precision=1.0000 recall=0.5000 accuracy=0.7500 f1=0.6667",
            precise.BenchmarkLine);
    }

    [SharedDataFact("data/html-snippets")]
    public async Task EvaluateSnippetsAsync_TrafilaturaPages_FindsMostWithSnippetsAndLeaksFewWithout()
    {
        var report = await new ExtractionEvaluator().EvaluateSnippetsAsync(SharedData.Find("data/html-snippets")!);

        Assert.True(report.Pages.Count >= 200, $"only {report.Pages.Count} pages found");
        Assert.True(report.With >= 0.95, report.SummaryLine);
        Assert.True(report.Without <= 0.10, report.SummaryLine);
    }
}

public sealed class BoilerplateStudyTests
{
    private static FoldSpread Spread(params double[] perFold) => FoldSpread.Of(perFold);

    [Fact]
    public void Wins_GainBeyondNoiseWithoutTextLost_Kept()
    {
        var result = new RuleResult("r", 1, "x", Spread(0, 0, 0, 0, 0), Spread(0.02, 0.01, 0.02, 0.01, 0.02), Spread(0.02, 0.01, 0.02, 0.01, 0.02));

        Assert.True(result.Wins);
    }

    [Fact]
    public void Wins_GainWithinNoise_Dropped()
    {
        var result = new RuleResult("r", 1, "x", Spread(0, 0, 0, 0, 0), Spread(0.03, 0, 0, 0.01, 0), Spread(0.03, 0, 0, 0.01, 0));

        Assert.False(result.Wins);
    }

    [Fact]
    public void Wins_FewerLeaksBoughtWithArticleText_Dropped()
    {
        var withLoss = Spread(-0.02, -0.01, -0.02, -0.015, -0.02);
        var leaks = Spread(0.05, 0.04, 0.05, 0.045, 0.05);
        var result = new RuleResult("r", 1, "x", withLoss, leaks, Spread(0.03, 0.03, 0.03, 0.03, 0.03));

        Assert.False(result.Wins);
    }

    [Fact]
    public void Wins_ReadabilityPagesBelowTheRecallFloor_Dropped()
    {
        var gain = Spread(0.02, 0.01, 0.02, 0.01, 0.02);
        var result = new RuleResult("r", 1, "x", Spread(0, 0, 0, 0, 0), gain, gain, ReferenceF1Change: -0.02, ReferenceRecall: 0.975);

        Assert.False(result.Wins);
        Assert.True((result with { ReferenceRecall = 0.985 }).Wins);
    }

    [Fact]
    public void FoldLines_FivePages_OneLinePerFoldThenMeanAndSpread()
    {
        var report = new SnippetReport([.. Enumerable.Range(0, 20).Select(i => new SnippetPageScore($"page-{i}", "A", i % 2, 1, 0, 1, string.Empty, null))]);

        var lines = report.FoldLines(5).ToList();

        Assert.Equal(6, lines.Count);
        Assert.StartsWith("snippets[fold 1/5]: pages=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("snippets[5 folds]: with=", lines[5], StringComparison.Ordinal);
        Assert.Equal(20, lines.Take(5).Sum(l => int.Parse(l.Split("pages=")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
