using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests;

/// <summary>
/// What a deployment of the Functions app carries: the worker's real publish output, read as metadata. Only the
/// CLI needs the evaluation scorers and the local blob-change feed, so neither may reach Azure.
/// </summary>
public sealed class PublishOutputTests
{
    [Fact]
    public async Task Publish_FunctionsApp_ShipsNeitherTheScorersNorTheLocalFeed()
    {
        var root = RepositoryRoot.Find();
        var output = Directory.CreateTempSubdirectory("pipeline-publish-");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            // Release, into a folder of its own, so this build never touches the Debug outputs the tests run from.
            var (exitCode, log) = await LocalTools.RunAsync(
                "dotnet",
                ["publish", Path.Combine(root, "src", "Pipeline.Functions", "Pipeline.Functions.csproj"), "-c", "Release", "-o", output.FullName, "-p:TreatWarningsAsErrors=true"],
                root,
                timeout.Token);
            Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):{Environment.NewLine}{log}");

            var files = Directory.GetFiles(output.FullName, "*.dll").Select(Path.GetFileName).ToList();
            Assert.Contains("Pipeline.Functions.dll", files);
            Assert.Contains("Pipeline.Core.dll", files);
            Assert.DoesNotContain("Pipeline.Evaluation.dll", files);
            Assert.DoesNotContain("Pipeline.Local.dll", files);
            Assert.DoesNotContain("pipeline.dll", files);

            var ours = Directory.GetFiles(output.FullName, "Pipeline.*.dll").SelectMany(TypeNames).ToList();
            Assert.NotEmpty(ours);
            Assert.DoesNotContain(ours, t => t.Contains(".Evaluation.", StringComparison.Ordinal) || t.EndsWith("Rouge", StringComparison.Ordinal));
            Assert.DoesNotContain(ours, t => t.EndsWith(".BlobChangeFeed", StringComparison.Ordinal));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>The full names of the types an assembly defines, read without loading it.</summary>
    private static IEnumerable<string> TypeNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions
            .Select(handle => reader.GetTypeDefinition(handle))
            .Select(type => $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}")
            .ToList();
    }
}
