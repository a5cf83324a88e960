using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>
/// The incoming container, where users drop article files under any name: what is there, each file's bytes by
/// version, and dropping new ones.
/// </summary>
public sealed class IncomingBlobs(StorageClients clients, IOptions<StorageOptions> options)
{
    /// <summary>The queue where the blob extension (in both hosts) parks blob-trigger messages that failed every try.</summary>
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    /// <summary>The blob extension's queue of announced blobs waiting for the trigger, per host: this prefix and the host id.</summary>
    public const string TriggerQueuePrefix = "azure-webjobs-blobtrigger-";

    private BlobContainerClient Container => clients.Blobs.GetBlobContainerClient(options.Value.IncomingContainer);

    public string ContainerName => options.Value.IncomingContainer;

    /// <summary>The storage account the container is in.</summary>
    public string AccountName => Container.AccountName;

    /// <summary>The container's address.</summary>
    public Uri Uri => Container.Uri;

    /// <summary>The address of the file named <paramref name="name"/>.</summary>
    public Uri UriOf(string name) => Container.GetBlobClient(name).Uri;

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Every file in the container, in name order, with its current version.</summary>
    public async IAsyncEnumerable<IncomingBlob> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Of(item);
        }
    }

    /// <summary>
    /// One page of the container in name order (up to <paramref name="pageSize"/> files; null: the service's 5,000),
    /// from <paramref name="continuation"/> (null: the first page), and the token of the next page (null after the last).
    /// </summary>
    public async Task<(IReadOnlyList<IncomingBlob> Blobs, string? Next)> ListPageAsync(string? continuation, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        await foreach (var page in Container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
        {
            return (page.Values.Select(Of).ToList(), string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    private static IncomingBlob Of(BlobItem item) =>
        new(item.Name, item.Properties.ETag, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Properties.BlobType ?? BlobType.Block, item.Properties.LastModified);

    /// <summary>The current version of the file named <paramref name="name"/>; null when there is no such file.</summary>
    public async Task<IncomingBlob?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            BlobProperties p = await Container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new IncomingBlob(name, p.ETag, p.ContentLength, p.ContentType, p.BlobType, p.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The current version of the file named <paramref name="name"/> and a stream of its bytes, from one request (the
    /// version comes with the bytes, so they cannot disagree); null when there is no such file. Dispose the stream
    /// unread to abandon the download.
    /// </summary>
    public async Task<IncomingDownload?> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var d = response.Value.Details;
            return new IncomingDownload(new IncomingBlob(name, d.ETag, d.ContentLength, d.ContentType, d.BlobType, d.LastModified), response.Value.Content);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Streams one version of a file; fails when the file has changed since.</summary>
    public Task<Stream> OpenReadAsync(IncomingBlob version, CancellationToken cancellationToken = default) =>
        Container.GetBlobClient(version.Name).OpenReadAsync(new BlobOpenReadOptions(false) { Conditions = IfMatch(version) }, cancellationToken);

    /// <summary>The bytes of one version of a file; fails when the file has changed since.</summary>
    public async Task<BinaryData> DownloadAsync(IncomingBlob version, CancellationToken cancellationToken = default) =>
        (await Container.GetBlobClient(version.Name).DownloadContentAsync(new BlobDownloadOptions { Conditions = IfMatch(version) }, cancellationToken).ConfigureAwait(false)).Value.Content;

    /// <summary>Writes <paramref name="content"/> under <paramref name="name"/>, replacing what was there (a new version).</summary>
    public async Task UploadAsync(string name, BinaryData content, CancellationToken cancellationToken = default) =>
        await Container.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Drops a file: uploads <paramref name="content"/> unless the blob already holds the same bytes, so that dropping
    /// the same file again makes no new version. Returns true when it uploaded.
    /// </summary>
    public async Task<bool> DropAsync(string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        var blob = Container.GetBlobClient(name);
        var md5 = MD5.HashData(content);
        try
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Value.ContentHash is { } hash && hash.AsSpan().SequenceEqual(md5))
            {
                return false;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // New file.
        }

        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Writes the file named <paramref name="name"/> again with its own bytes: a new version, which is announced and
    /// ingested as any new drop is. For a version that failed every try (the blob trigger takes each version once).
    /// Returns false when there is no such file.
    /// </summary>
    public async Task<bool> RedropAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Container.GetBlobClient(name);
        try
        {
            var current = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var headers = new BlobHttpHeaders { ContentType = current.Value.Details.ContentType, ContentHash = current.Value.Details.ContentHash };
            // Only over the version read: a newer drop meanwhile is announced by itself.
            await blob.UploadAsync(current.Value.Content, new BlobUploadOptions { HttpHeaders = headers, Conditions = new BlobRequestConditions { IfMatch = current.Value.Details.ETag } }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
            return ex.Status == (int)HttpStatusCode.PreconditionFailed;
        }
    }

    /// <summary>
    /// When the oldest message still waiting in a host's blob-trigger queue (the extension's
    /// <c>azure-webjobs-blobtrigger-{host id}</c>, where each announced event waits to be parsed) was put there; null when
    /// none waits. Messages a host is working on, or that a killed host held, are invisible and not counted.
    /// </summary>
    public async Task<DateTimeOffset?> OldestWaitingAnnouncementAsync(string hostId, CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await clients.Queues.GetQueueClient(TriggerQueuePrefix + hostId).PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false);
            return head.Value.Length == 0 ? null : head.Value[0].InsertedOn;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (FormatException)
        {
            // Not the extension's Base64: someone else's message; judge the announcements as if nothing waited.
            return null;
        }
    }

    /// <summary>About how many files failed ingestion every try (messages in the blob trigger's poison queue).</summary>
    public Task<int> CountFailedAsync(CancellationToken cancellationToken = default) =>
        QueueDepth.CountAsync(clients.Queues.GetQueueClient(PoisonQueue), cancellationToken);

    /// <summary>
    /// The names of the incoming files whose messages head the blob trigger's poison queue: at most 32, the most a
    /// queue peek returns.
    /// </summary>
    public async Task<IReadOnlySet<string>> PeekFailedAsync(CancellationToken cancellationToken = default)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in await QueuePeek.BodiesAsync(clients.Queues.GetQueueClient(PoisonQueue), cancellationToken).ConfigureAwait(false))
        {
            // The blob extension's message: {"Type":"BlobTrigger","ContainerName":"incoming","BlobName":"a.txt",...}.
            if (QueuePeek.TryReadJson(body) is { } message
                && message.TryGetProperty("ContainerName", out var container) && container.GetString() == ContainerName
                && message.TryGetProperty("BlobName", out var blobName) && blobName.GetString() is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static BlobRequestConditions IfMatch(IncomingBlob version) => new() { IfMatch = version.ETag };
}

/// <summary>One version of an incoming file, and its bytes as they arrive.</summary>
public sealed record IncomingDownload(IncomingBlob Blob, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>One version of a file in the incoming container.</summary>
public sealed record IncomingBlob(string Name, ETag? ETag, long Size, string? ContentType, BlobType BlobType, DateTimeOffset? LastModified = null)
{
    /// <summary>The version as the ingestion ledger and the blob-change feed key it: the ETag without quotes.</summary>
    public string Version => BlobVersion.Of(ETag);
}
