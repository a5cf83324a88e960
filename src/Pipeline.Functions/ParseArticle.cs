using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Ingestion;

namespace Pipeline.Functions;

/// <summary>Parses each new blob in the incoming container. Event Grid is the only blob source Flex Consumption accepts.</summary>
public sealed class ParseArticle(ArticleIngestor ingestor)
{
    [Function(nameof(ParseArticle))]
    public Task RunAsync(
        [BlobTrigger("%IncomingContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken)
        => ingestor.IngestAsync(blob.Name, cancellationToken);
}
