using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Storage;

/// <summary>
/// The quarantine container: the original bytes of every file that could not be ingested, under its incoming name,
/// with the reason in the blob's metadata.
/// </summary>
public sealed class QuarantineStore(StorageClients clients, IOptions<StorageOptions> options, IncomingBlobs incoming)
{
    private const string ReasonCodeKey = "reasoncode";
    private const string ReasonKey = "reason";

    private BlobContainerClient Container => clients.Blobs.GetBlobContainerClient(options.Value.QuarantineContainer);

    /// <summary>Copies a rejected file's original bytes to quarantine under the same name, with its reason.</summary>
    public async Task QuarantineAsync(string name, Stream content, Rejection rejection, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string>
        {
            [ReasonCodeKey] = rejection.Code,
            // Metadata values must be ASCII; escape the message so every character survives.
            [ReasonKey] = Uri.EscapeDataString(rejection.Message),
        };
        await Container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every quarantined file with its reason, in name order.</summary>
    public async IAsyncEnumerable<QuarantinedFile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            var code = item.Metadata.TryGetValue(ReasonCodeKey, out var c) ? c : "unknown";
            var message = item.Metadata.TryGetValue(ReasonKey, out var m) ? Uri.UnescapeDataString(m) : "";
            yield return new QuarantinedFile(item.Name, code, message, item.Properties.ContentLength ?? 0, item.Properties.LastModified);
        }
    }

    /// <summary>A quarantined file with its reason; null when there is no such file.</summary>
    public async Task<QuarantinedFile?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            BlobProperties p = await Container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var code = p.Metadata.TryGetValue(ReasonCodeKey, out var c) ? c : "unknown";
            var message = p.Metadata.TryGetValue(ReasonKey, out var m) ? Uri.UnescapeDataString(m) : "";
            return new QuarantinedFile(name, code, message, p.ContentLength, p.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The original bytes of a quarantined file; null when there is no such file.</summary>
    public async Task<BinaryData?> GetContentAsync(string name, CancellationToken cancellationToken = default) =>
        (await DownloadAsync(name, cancellationToken).ConfigureAwait(false))?.Content;

    /// <summary>
    /// Moves a quarantined file back into the incoming container under its name (a new blob version, so it is
    /// ingested again), for example after raising a limit or fixing a parser. Returns false when there is no such file.
    /// </summary>
    public async Task<bool> RequeueAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await DownloadAsync(name, cancellationToken).ConfigureAwait(false) is not { } download)
        {
            return false;
        }

        await incoming.UploadAsync(name, download.Content, cancellationToken).ConfigureAwait(false);
        // Only after the copy is safely back in incoming; and only the version that was copied.
        await Container.GetBlobClient(name).DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = download.Details.ETag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<BlobDownloadResult?> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}

/// <summary>A file in quarantine and why it is there.</summary>
public sealed record QuarantinedFile(string Name, string ReasonCode, string Reason, long Size, DateTimeOffset? At);
