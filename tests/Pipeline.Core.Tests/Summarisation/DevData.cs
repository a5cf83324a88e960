namespace Pipeline.Core.Tests.Summarisation;

/// <summary>Finds the shared folder next to the checkout (the directory holding Pipeline.sln, then ../shared).</summary>
internal static class DevData
{
    public static string? SharedFolder()
    {
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot(), "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }

    /// <summary>The folder that holds <c>Pipeline.sln</c>.</summary>
    public static string RepositoryRoot() =>
        Ingestion.SharedData.RepositoryRoot() ?? throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");

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
