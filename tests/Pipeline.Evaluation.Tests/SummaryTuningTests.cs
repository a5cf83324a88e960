using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class SummaryTuningTests
{
    private const string PairsFile = "data/summaries/pairs.jsonl";

    [SharedDataFact(PairsFile)]
    public async Task CrossValidate_DevPairs_ShippedRowsMatchTheEvaluationAndXsumBeatsLeadOneHeldOut()
    {
        var pairs = await SummaryEvaluation.ReadPairsAsync(SharedData.Find(PairsFile)!);
        var evaluation = SummaryEvaluation.Evaluate(pairs);

        var results = SummaryTuning.CrossValidate(pairs, folds: 5);

        Assert.Equal(["cnndm", "xsum"], results.Select(r => r.Dataset));
        foreach (var r in results)
        {
            // The shipped weights are scored on the same rows, summaries and lead as eval summaries scores them.
            var group = evaluation.Datasets.Single(g => g.Dataset == r.Dataset);
            Assert.Equal(group.OverMatchedLead!.Value.Rouge1.MeanDifference, r.Shipped.OverLead!.Value.Rouge1.MeanDifference, 12);
            Assert.Equal(group.OverMatchedLead!.Value.Rouge2.MeanDifference, r.Shipped.OverLead!.Value.Rouge2.MeanDifference, 12);
            Assert.Equal(5, r.ChosenPerFold.Count);
            Assert.Equal(5, r.Tuned.Rouge1.PerFold.Count);
        }

        // The claim the README makes of held-out weights: one sentence beats Lead-1 on XSum beyond the noise.
        var xsum = results.Single(r => r.Dataset == "xsum").Tuned.OverLead!.Value;
        Assert.True(xsum.Rouge1.Significant() && xsum.Rouge2.Significant(), SummaryTuning.Format(results, 5));
    }

    [Fact]
    public void CrossValidate_ReferencesAreTheCentralSentences_HeldOutWeightsFindThemWhereTheLeadCannot()
    {
        // Four unrelated opening lines, then three that share the story's words: the references. Only weights that
        // favour centrality over position find them, and the held-out choice must be such weights.
        string[] openers =
        [
            "Weather stayed mild across the valley on Sunday morning.",
            "A jazz quartet played two encores at the riverside cafe.",
            "Local bakeries reported brisk croissant sales before noon.",
            "Several cyclists praised freshly painted lanes downtown.",
        ];
        var pairs = Enumerable.Range(0, 25).Select(i =>
        {
            var story = new[]
            {
                $"The harbour council approved ferry route {i} after a long ferry budget debate in the harbour council.",
                $"Ferry route {i} will carry harbour commuters, and the council said the ferry budget covers the harbour pier.",
                $"Harbour council members said ferry route {i} starts in spring once the ferry budget is signed.",
            };
            var sentences = openers.Skip(i % 4).Concat(openers.Take(i % 4)).Concat(story).Append("Tickets for the autumn fair go on sale next week.");
            return new SummaryPair($"doc-{i}", "cnndm-test", string.Join('\n', sentences), string.Join(' ', story));
        }).ToList();

        var result = Assert.Single(SummaryTuning.CrossValidate(pairs, folds: 5));

        var report = SummaryTuning.Format([result], 5);
        Assert.True(result.Tuned.Rouge1.Mean >= result.Shipped.Rouge1.Mean, report);
        Assert.True(result.Tuned.Rouge1.Mean > result.Lead.Rouge1.Mean + 0.3, report);
    }
}
