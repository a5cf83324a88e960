using System.Reflection;
using System.Text.Json;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests;

/// <summary>The Functions project is a real isolated-worker app: the worker SDK generated its function metadata.</summary>
public sealed class FunctionsAppTests
{
    [Fact]
    public void Build_FunctionsProject_GeneratesMetadataForTheQueueTimerBlobAndHttpFunctions()
    {
        var configuration = typeof(FunctionsAppTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var metadata = Path.Combine(RepositoryRoot.Find(), "src", "Pipeline.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"{metadata} is missing: the worker SDK did not generate function metadata.");

        var functions = JsonDocument.Parse(File.ReadAllText(metadata)).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings")[0]);

        Assert.Equal(["Confirm", "Manage", "ParseArticle", "SendDigest", "SendDigests", "Subscribe", "SummariseArticle", "Unsubscribe", "ViewDigest"], functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("blobTrigger", functions["ParseArticle"].GetProperty("type").GetString());
        Assert.Equal("EventGrid", functions["ParseArticle"].GetProperty("source").GetString());
        Assert.Equal("%IncomingContainer%/{name}", functions["ParseArticle"].GetProperty("path").GetString());
        Assert.Equal("%SummariseQueue%", functions["SummariseArticle"].GetProperty("queueName").GetString());
        Assert.Equal("%DigestSchedule%", functions["SendDigests"].GetProperty("schedule").GetString());
        Assert.Equal("%DigestsQueue%", functions["SendDigest"].GetProperty("queueName").GetString());

        // The subscription endpoints: anonymous (the signed tokens are the authorisation), on the routes the links use.
        foreach (var (name, route, methods) in new[]
        {
            ("Subscribe", "subscribe", "get,post"),
            ("Confirm", "confirm", "get"),
            ("Unsubscribe", "unsubscribe", "get,post"),
            ("Manage", "manage", "get"),
            ("ViewDigest", "digests/{subscriber}/{window}", "get"),
        })
        {
            Assert.Equal("httpTrigger", functions[name].GetProperty("type").GetString());
            Assert.Equal("Anonymous", functions[name].GetProperty("authLevel").GetString());
            Assert.Equal(route, functions[name].GetProperty("route").GetString());
            Assert.Equal(methods, string.Join(',', functions[name].GetProperty("methods").EnumerateArray().Select(m => m.GetString())));
        }
    }
}
