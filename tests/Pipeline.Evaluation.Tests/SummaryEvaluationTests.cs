using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class SummaryEvaluationTests
{
    private const string PairsFile = "data/summaries/pairs.jsonl";

    [SharedDataFact(PairsFile)]
    public async Task Evaluate_DevPairs_BeatsLeadBaselinesOfTheSameLength()
    {
        var pairs = await SummaryEvaluation.ReadPairsAsync(SharedData.Find(PairsFile)!);
        var result = SummaryEvaluation.Evaluate(pairs);

        foreach (var group in result.Datasets)
        {
            Assert.True(group.Ours.Rouge1 >= group.MatchedLead.Rouge1, $"{group.Dataset}: ROUGE-1 {group.Ours.Rouge1:F4} < lead {group.MatchedLead.Rouge1:F4}");
            Assert.True(group.Ours.Rouge2 >= group.MatchedLead.Rouge2, $"{group.Dataset}: ROUGE-2 {group.Ours.Rouge2:F4} < lead {group.MatchedLead.Rouge2:F4}");
        }
    }
}
