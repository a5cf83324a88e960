using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Core.Storage;

/// <summary>
/// The blob, queue and table service clients for one storage account, made from the same connection setting the
/// Functions host reads: a connection string (Azurite, local), or an identity-based section with
/// <c>accountName</c> or <c>blobServiceUri</c>/<c>queueServiceUri</c>/<c>tableServiceUri</c> (Azure, managed identity).
/// </summary>
public sealed class StorageClients(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    public BlobServiceClient Blobs { get; } = blobs;

    public QueueServiceClient Queues { get; } = queues;

    public TableServiceClient Tables { get; } = tables;

    /// <summary>Queue messages are Base64, the encoding the queue trigger of both hosts expects by default.</summary>
    public static QueueClientOptions QueueOptions => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>The clients for a connection string, with <paramref name="policies"/> (none by default) in each one's HTTP pipeline.</summary>
    public static StorageClients FromConnectionString(string connectionString, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var (blobOptions, queueOptions, tableOptions) = Options(policies);
        return new(new BlobServiceClient(connectionString, blobOptions), new QueueServiceClient(connectionString, queueOptions), new TableServiceClient(connectionString, tableOptions));
    }

    /// <summary>
    /// Reads the connection named <paramref name="name"/> the way the Functions host does, with
    /// <paramref name="policies"/> (none by default) in each client's HTTP pipeline.
    /// </summary>
    public static StorageClients FromConfiguration(IConfiguration configuration, string name = StorageOptions.ConnectionName, IEnumerable<StoragePipelinePolicy>? policies = null)
    {
        var connectionString = configuration[name] ?? configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, policies);
        }

        var section = configuration.GetSection(name);
        var account = section["accountName"];
        var blobUri = Endpoint(section["blobServiceUri"], account, "blob");
        var queueUri = Endpoint(section["queueServiceUri"], account, "queue");
        var tableUri = Endpoint(section["tableServiceUri"], account, "table");
        if (blobUri is null || queueUri is null || tableUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{name}' to a connection string, or '{name}__accountName' " +
                $"(or '{name}__blobServiceUri', '__queueServiceUri' and '__tableServiceUri') for a managed identity.");
        }

        TokenCredential credential = section["credential"] is "managedidentity" && section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        var (blobOptions, queueOptions, tableOptions) = Options(policies);
        return new(new BlobServiceClient(blobUri, credential, blobOptions), new QueueServiceClient(queueUri, credential, queueOptions), new TableServiceClient(tableUri, credential, tableOptions));
    }

    private static (BlobClientOptions Blobs, QueueClientOptions Queues, TableClientOptions Tables) Options(IEnumerable<StoragePipelinePolicy>? policies)
    {
        var list = policies?.ToList() ?? [];
        return (
            StoragePipelinePolicy.Apply(new BlobClientOptions(), StorageService.Blob, list),
            StoragePipelinePolicy.Apply(QueueOptions, StorageService.Queue, list),
            StoragePipelinePolicy.Apply(new TableClientOptions(), StorageService.Table, list));
    }

    private static Uri? Endpoint(string? explicitUri, string? account, string service) =>
        explicitUri is { Length: > 0 } ? new Uri(explicitUri)
        : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
        : null;
}
