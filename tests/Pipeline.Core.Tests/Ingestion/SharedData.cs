namespace Pipeline.Core.Tests.Ingestion;

/// <summary>Finds the project's shared data folder (../shared beside the directory holding Pipeline.sln).</summary>
internal static class SharedData
{
    public static string? Find(string relativePath)
    {
        if (RepositoryRoot() is not { } root)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", relativePath));
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    /// <summary>The checkout the tests run from: the nearest folder above them that holds <c>Pipeline.sln</c>.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>As <see cref="RepositoryRoot"/>, for tests that cannot run outside the checkout.</summary>
    public static string Checkout() =>
        RepositoryRoot() ?? throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
}

/// <summary>A fact that is skipped, with the reason shown, when a file or folder under ../shared is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null)
        {
            Skip = $"Shared data '../shared/{relativePath}' is not present beside the repository.";
        }
    }
}
