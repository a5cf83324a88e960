using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>Uploads files into the incoming container, naming each by its path below the folder it was found in.</summary>
internal static class Drops
{
    /// <summary>
    /// Uploads each file (folders are walked). A blob that already holds the same bytes is left alone, so dropping
    /// the same files again announces nothing new. Returns the names uploaded.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropAsync(IncomingBlobs incoming, IEnumerable<string> paths, Func<string, bool>? include = null, CancellationToken cancellationToken = default)
    {
        var uploaded = new List<string>();
        foreach (var (file, name) in Expand(paths).Where(f => include?.Invoke(f.File) ?? true))
        {
            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            if (await incoming.DropAsync(name, new BinaryData(bytes), cancellationToken).ConfigureAwait(false))
            {
                uploaded.Add(name);
            }
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
