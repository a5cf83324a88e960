using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

public sealed class KeywordLearningTests
{
    private const string DocsFile = "data/keyphrases/docs.jsonl";

    [SharedDataFact(DocsFile)]
    public async Task CrossValidate_DevKeyphrases_HeldOutTreesBeatTheHandSetRankingAndShipWhatTheyFit()
    {
        var documents = await KeywordEvaluation.ReadDocumentsAsync(SharedData.Find(DocsFile)!);

        var result = KeywordLearning.CrossValidate(documents, 5);

        // Held out: every fold ranked by weights fitted on the other four. News is where the re-ranker was needed.
        double Mean(IEnumerable<DocumentScore> scores, string? dataset = null) => scores.Where(s => dataset is null || s.Dataset == dataset).Average(s => s.F10);
        Assert.True(Mean(result.Learned) > Mean(result.HandSet), $"overall {Mean(result.Learned):F4} against {Mean(result.HandSet):F4}");
        Assert.True(Mean(result.Learned, "500n-kpcrowd") > Mean(result.HandSet, "500n-kpcrowd") + 0.005);
        Assert.True(KeywordFolds.BootstrapP([.. result.HandSet.Select(s => s.F10)], [.. result.Learned.Select(s => s.F10)]) < 0.05);

        // The shipped trees are the ones the same procedure fits on all documents.
        Assert.Equal(result.ModelOnAll.Format(), KeywordLearning.ShippedModel?.Format());
    }
}
