using System.Net;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>
/// The web copies of sent digests ("view in browser"): one HTML blob per subscriber and window,
/// <c>{subscriberKey}/{window}.html</c> in the digests container.
/// </summary>
public sealed class DigestArchive(StorageClients clients, IOptions<StorageOptions> options)
{
    private BlobContainerClient Container => clients.Blobs.GetBlobContainerClient(options.Value.DigestsContainer);

    /// <summary>The blob name of a web copy.</summary>
    public static string NameOf(string subscriberKey, string window) => $"{subscriberKey}/{window}.html";

    /// <summary>Writes (or rewrites, when a digest is sent again after a failure) the web copy of one digest.</summary>
    public async Task WriteAsync(string subscriberKey, string window, string html, CancellationToken cancellationToken = default)
    {
        var headers = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" };
        await Container.GetBlobClient(NameOf(subscriberKey, window))
            .UploadAsync(BinaryData.FromString(html), new BlobUploadOptions { HttpHeaders = headers }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The web copy, or null when there is none.</summary>
    public async Task<string?> ReadAsync(string subscriberKey, string window, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await Container.GetBlobClient(NameOf(subscriberKey, window)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
