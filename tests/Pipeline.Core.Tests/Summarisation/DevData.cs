namespace Pipeline.Core.Tests.Summarisation;

/// <summary>Finds the shared folder next to the checkout (the directory holding Pipeline.sln, then ../shared).</summary>
internal static class DevData
{
    public static string? SharedFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }

    /// <summary>A file under shared/data, or null when it is absent (tests then pass without checking anything).</summary>
    public static string? Path(params string[] parts)
    {
        var shared = SharedFolder();
        if (shared is null)
        {
            return null;
        }

        var path = System.IO.Path.Combine([shared, "data", .. parts]);
        return File.Exists(path) ? path : null;
    }
}
