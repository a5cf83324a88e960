using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

/// <summary>
/// Reproduces the sentence-scorer study of issue 13 on the shared data (skipped when it is absent),
/// and pins its finding: a scorer trained on the BBC extractive references wins on held-out BBC folds but loses to
/// Lead-3 on CNN/DailyMail, so the shipped summariser stays as it is.
/// </summary>
public sealed class SentenceScorerStudyTests
{
    [SharedDataFact("data/summaries/bbc.jsonl")]
    public async Task Run_SharedData_ReproducesTheStudyAndItsDecision()
    {
        var pairs = SharedData.Find("data/summaries/pairs.jsonl");
        Assert.NotNull(pairs);

        var report = SentenceScorerStudy.Run(
            await SentenceScorerStudy.ReadTrainingAsync(SharedData.Find("data/summaries/bbc.jsonl")!), await SummaryEvaluation.ReadPairsAsync(pairs));

        var shipped = report.Rows.Single(r => r.System.StartsWith("shipped ExtractiveSummariser", StringComparison.Ordinal));
        var regression = report.Rows.Single(r => r.System == "logistic regression, top-k");
        // The learned scorer reproduces the reported weights (IRLS is deterministic)...
        Assert.Equal(-6.01, report.Weights[0], 2);
        Assert.Equal(3.74, report.Weights[SentenceFeatures.Centrality], 2);
        Assert.Equal(3.50, report.Weights[SentenceFeatures.KeywordMass], 2);
        // ...wins on held-out BBC folds, in every fold...
        Assert.True(regression.Rouge1OverLead.Significant() && regression.Rouge2OverLead.Significant());
        Assert.All(regression.Rouge1GainPerFold.PerFold, g => Assert.True(g > 0));
        // ...but does not carry over to CNN/DailyMail, where no studied system beats the shipped summariser.
        var cnn = regression.HeldOut.Single(h => h.Dataset == "cnndm");
        Assert.True(cnn.Rouge1Gain.MeanDifference < 0);
        var shippedCnn = shipped.HeldOut.Single(h => h.Dataset == "cnndm");
        Assert.All(report.Rows, r => Assert.True(r.HeldOut.Single(h => h.Dataset == "cnndm").Rouge1 <= shippedCnn.Rouge1 + 1e-9, r.System));
        // Every system stays above Lead-1 on XSum.
        Assert.All(report.Rows.Skip(1), r => Assert.True(r.HeldOut.Single(h => h.Dataset == "xsum").Rouge1Gain.MeanDifference > 0, r.System));
    }
}
