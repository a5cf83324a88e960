using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Storage;

/// <summary>Parsed articles, one JSON blob each: <c>{articleId}.json</c> in the articles container.</summary>
public sealed class ArticleStore(StorageClients clients, IOptions<StorageOptions> options)
{
    private BlobContainerClient Container => clients.Blobs.GetBlobContainerClient(options.Value.ArticlesContainer);

    private BlobClient Blob(string articleId) => Container.GetBlobClient(articleId + ".json");

    /// <summary>The article stored under <paramref name="articleId"/>, or null when there is none.</summary>
    public Task<ArticleDocument?> GetAsync(string articleId, CancellationToken cancellationToken = default) =>
        StorageJson.ReadAsync<ArticleDocument>(Blob(articleId), cancellationToken);

    /// <summary>
    /// Stores a new article, or adds <paramref name="article"/>'s source to the one already stored under its id.
    /// Returns true when the article was new.
    /// </summary>
    public async Task<bool> SaveAsync(ArticleDocument article, CancellationToken cancellationToken = default)
    {
        var blob = Blob(article.Id);
        if (await StorageJson.TryCreateAsync(blob, article, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // Another copy of the same article exists: record this source on it, with optimistic concurrency.
        while (true)
        {
            var existing = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var stored = existing.Value.Content.ToObjectFromJson<ArticleDocument>(StorageJson.Options)!;
            if (article.Sources.All(stored.Sources.Contains))
            {
                return false;
            }

            var merged = stored with { Sources = [.. stored.Sources, .. article.Sources.Except(stored.Sources)] };
            try
            {
                await blob.UploadAsync(
                    BinaryData.FromObjectAsJson(merged, StorageJson.Options),
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = existing.Value.Details.ETag }, HttpHeaders = StorageJson.Headers },
                    cancellationToken).ConfigureAwait(false);
                return false;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone else added a source meanwhile; read again.
            }
        }
    }

    /// <summary>How many articles are stored.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>Whether an article is stored under <paramref name="articleId"/>.</summary>
    public async Task<bool> ExistsAsync(string articleId, CancellationToken cancellationToken = default) =>
        (await Blob(articleId).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The id of every stored article, in ordinal order, page by page.</summary>
    public IAsyncEnumerable<string> ListIdsAsync(CancellationToken cancellationToken = default) => JsonBlobIds.ListAsync(Container, cancellationToken);
}
