using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>Uploads files into the incoming container, naming each by its path below the folder it was found in.</summary>
internal static class Drops
{
    /// <summary>
    /// Uploads each file (folders are walked). A blob that already holds the same bytes is left alone, so dropping
    /// the same files again announces nothing new. Returns the names uploaded.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropAsync(PipelineStore store, IEnumerable<string> paths, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
        var uploaded = new List<string>();
        foreach (var (file, name) in Expand(paths).Where(f => include?.Invoke(f.File) ?? true))
        {
            var blob = store.Incoming.GetBlobClient(name);
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var md5 = MD5.HashData(bytes);
            try
            {
                var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (existing.Value.ContentHash is { } hash && hash.AsSpan().SequenceEqual(md5))
                {
                    continue;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // New file.
            }

            await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } }, cancellationToken).ConfigureAwait(false);
            uploaded.Add(name);
        }

        return uploaded;
    }

    private static IEnumerable<(string File, string Name)> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var root = Path.GetFullPath(path);
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return (file, Path.GetRelativePath(root, file).Replace('\\', '/'));
                }
            }
            else if (File.Exists(path))
            {
                yield return (path, Path.GetFileName(path));
            }
            else
            {
                throw new CommandLineException($"No such file or folder: {path}");
            }
        }
    }
}
