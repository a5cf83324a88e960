using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests.Bicep;

/// <summary>The checkout's <c>infra/</c> folder and its compiled main template.</summary>
internal static class InfraFiles
{
    private static readonly Lazy<Task<JsonObject>> Main = new(() => BicepCli.CompileAsync(MainBicep));

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => System.IO.Path.Combine(RepositoryRoot, "infra");

    public static string MainBicep => System.IO.Path.Combine(Folder, "main.bicep");

    /// <summary>Every .bicep file under infra/, relative to the repository root.</summary>
    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(Folder, "*.bicep", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(RepositoryRoot, f))
            .Order(StringComparer.Ordinal);

    /// <summary>infra/main.bicep compiled once per test run; callers get their own copy to change.</summary>
    public static async Task<JsonObject> CompiledMainAsync() => (JsonObject)(await Main.Value).DeepClone();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}
