using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;

namespace Pipeline.Functions;

/// <summary>Summarises one parsed article per queue message.</summary>
public sealed class SummariseArticle(SummaryService summaries)
{
    [Function(nameof(SummariseArticle))]
    public Task RunAsync(
        [QueueTrigger("%SummariseQueue%", Connection = "AzureWebJobsStorage")] SummariseMessage message,
        CancellationToken cancellationToken)
        => summaries.SummariseAsync(message, cancellationToken);
}
