using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Core.Storage;

/// <summary>The JSON shape of every document we store, and how a JSON document is read from and written to a blob.</summary>
public static class StorageJson
{
    /// <summary>camelCase, enums as strings, nulls left out.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    internal static BlobHttpHeaders Headers => new() { ContentType = "application/json; charset=utf-8" };

    /// <summary>The document in <paramref name="blob"/>, or null when there is no such blob.</summary>
    internal static async Task<T?> ReadAsync<T>(BlobClient blob, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<T>(Options);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="value"/> unless the blob exists; false when it did.</summary>
    internal static async Task<bool> TryCreateAsync<T>(BlobClient blob, T value, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(value, Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = Headers },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
