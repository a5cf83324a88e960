namespace Pipeline.Core.Storage;

/// <summary>Which blob names the storage clients can address.</summary>
public static class BlobNames
{
    /// <summary>Why a blob with an unreadable name is not ingested, for logs and <c>status --verify</c>.</summary>
    public const string UnreadableReason =
        "its name has a '.' or '..' path segment (storage stores '\\' as '/'), which every storage client resolves away before the request is sent, " +
        "so it cannot be read, copied or deleted under its name; drop it again under a name without such segments";

    /// <summary>
    /// False when a path segment of <paramref name="name"/> is <c>.</c> or <c>..</c>. A blob URL resolves such
    /// segments (even percent-encoded), so a client asking for <c>../a.txt</c> in a container asks for <c>a.txt</c> in
    /// another one. Storage refuses to create such names, but stores <c>..\a.txt</c> as <c>../a.txt</c>.
    /// </summary>
    public static bool IsReadable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var segment in name.Split('/'))
        {
            if (segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
