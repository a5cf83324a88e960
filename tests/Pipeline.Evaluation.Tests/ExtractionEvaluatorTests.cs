using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class ExtractionEvaluatorTests
{
    [Fact]
    public void Compare_BagOfTokensWithMultiplicity_CountsOverlap()
    {
        var (precision, recall, f1) = ExtractionEvaluator.Compare("the cat the hat extra", "The cat, the HAT.");

        Assert.Equal(0.8, precision, 6);
        Assert.Equal(1.0, recall, 6);
        Assert.Equal(2 * 0.8 / 1.8, f1, 6);
    }

    [Fact]
    public void Compare_NothingExtracted_ScoresZero()
    {
        Assert.Equal((0.0, 0.0, 0.0), ExtractionEvaluator.Compare(string.Empty, "some expected text"));
    }

    [Fact]
    public void Report_SummaryLine_HasExactFormat()
    {
        var report = new ExtractionReport([new PageScore("a", 0.5, 0.25, 1.0 / 3, string.Empty, null)], 0.5, 0.25, 1.0 / 3);

        Assert.Equal("extract: pages=1 precision=0.5000 recall=0.2500 f1=0.3333", report.SummaryLine);
    }

    [SharedDataFact("data/html")]
    public async Task EvaluateAsync_DevPages_MeanF1AtLeastNinety()
    {
        var report = await new ExtractionEvaluator().EvaluateAsync(SharedData.Find("data/html")!);

        Assert.True(report.Pages.Count >= 100, $"only {report.Pages.Count} pages found");
        Assert.True(report.F1 >= 0.90, report.SummaryLine);
    }
}
