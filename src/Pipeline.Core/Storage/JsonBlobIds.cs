using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;

namespace Pipeline.Core.Storage;

/// <summary>The ids of the <c>{id}.json</c> documents in a container, streamed in the listing's (ordinal) order.</summary>
internal static class JsonBlobIds
{
    public static async IAsyncEnumerable<string> ListAsync(BlobContainerClient container, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Path.GetFileNameWithoutExtension(item.Name);
        }
    }
}
