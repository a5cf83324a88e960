using System.Reflection;
using System.Text.Json;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests;

/// <summary>The Functions project is a real isolated-worker app: the worker SDK generated its function metadata.</summary>
public sealed class FunctionsAppTests
{
    [Fact]
    public void Build_FunctionsProject_GeneratesMetadataForTheFourFunctions()
    {
        var configuration = typeof(FunctionsAppTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var metadata = Path.Combine(RepositoryRoot.Find(), "src", "Pipeline.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"{metadata} is missing: the worker SDK did not generate function metadata.");

        var functions = JsonDocument.Parse(File.ReadAllText(metadata)).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings")[0]);

        Assert.Equal(["ParseArticle", "SendDigest", "SendDigests", "SummariseArticle"], functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("blobTrigger", functions["ParseArticle"].GetProperty("type").GetString());
        Assert.Equal("EventGrid", functions["ParseArticle"].GetProperty("source").GetString());
        Assert.Equal("%IncomingContainer%/{name}", functions["ParseArticle"].GetProperty("path").GetString());
        Assert.Equal("%SummariseQueue%", functions["SummariseArticle"].GetProperty("queueName").GetString());
        Assert.Equal("%DigestSchedule%", functions["SendDigests"].GetProperty("schedule").GetString());
        Assert.Equal("%DigestsQueue%", functions["SendDigest"].GetProperty("queueName").GetString());
    }
}
