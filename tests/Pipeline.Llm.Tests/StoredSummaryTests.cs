using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.Llm.Tests.Fixtures;

namespace Pipeline.Llm.Tests;

/// <summary>
/// The LLM route end to end: articles dropped into a real Azurite, summarised by the queue-triggered function against
/// the scripted chat server, with every fault in the script. Every article must end with exactly one stored summary.
/// </summary>
public sealed class StoredSummaryTests : ModelAndStorage
{
    private const int MaxRetries = 2;

    [Fact]
    public async Task EveryFault_EndsInOneStoredSummaryPerArticle_WithinTheCallBound()
    {
        const int articles = 12;
        Model.Then(
            ScriptedReply.Status(429, "rate_limit_exceeded", ("Retry-After", "1")),
            ScriptedReply.Status(500),
            ScriptedReply.Status(503),
            ScriptedReply.Completion("{\"summary\": \"cut off"),
            ScriptedReply.ContentFilterRefusal(),
            ScriptedReply.Completion(null, "content_filter"),
            ScriptedReply.Completion("{\"summary\": \"A.\", \"keywords\": [\"a\"], \"headline\": \"x\"}", "length"),
            ScriptedReply.Hang(),
            ScriptedReply.Completion(""),
            ScriptedReply.Status(400, "invalid_request"));
        var settings = HostSettings("llm-");
        settings["Summariser:AzureOpenAI:Endpoint"] = Model.BaseAddress;
        settings["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini";
        settings["Summariser:AzureOpenAI:ApiKey"] = "test-key";
        settings["Summariser:AzureOpenAI:MaxRetries"] = MaxRetries.ToString(CultureInfo.InvariantCulture);
        settings["Summariser:AzureOpenAI:RetryBaseDelay"] = "00:00:00.050";
        settings["Summariser:AzureOpenAI:AttemptTimeout"] = "00:00:03";
        await using var host = LocalPipelineHost.Create(settings, log => log.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync(TimeSpan.FromMilliseconds(200));

        for (var i = 0; i < articles; i++)
        {
            await host.Services.GetRequiredService<IncomingBlobs>().UploadAsync($"llm/{i:D2}.txt", BinaryData.FromString(
                $"Ferry route {i} restored\n\nThe ferry on route marker-{i} returns on Monday after repairs to pier {i}, the operator said. " +
                $"Sailings will run hourly. Tickets bought for the cancelled crossings on route {i} will be honoured until March."));
        }

        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(articles, progress.Articles);
        Assert.Equal(articles, progress.Summarised);
        Assert.Equal(0, progress.FailedSummaries);
        var methods = new List<string>();
        var summaries = host.Services.GetRequiredService<SummaryStore>();
        foreach (var id in await summaries.ListIdsAsync())
        {
            var summary = (await summaries.GetAsync(id))!;
            Assert.NotEmpty(summary.Sentences);
            Assert.Contains(summary.Method, new[] { SummaryMethods.Llm, SummaryMethods.ExtractiveFallback });
            Assert.True(summary.Method == SummaryMethods.Llm || !string.IsNullOrEmpty(summary.FallbackReason));
            methods.Add(summary.Method);
        }

        Assert.Contains(SummaryMethods.Llm, methods);
        Assert.Contains(SummaryMethods.ExtractiveFallback, methods);
        // One chunk per article, each call at most 1 + MaxRetries requests.
        for (var i = 0; i < articles; i++)
        {
            var calls = Model.Requests.Count(r => r.Body.Contains($"marker-{i} ", StringComparison.Ordinal));
            Assert.InRange(calls, 0, 1 + MaxRetries);
        }
    }

    [Fact]
    public async Task SummariseAsync_ArticleSummarisedByTheModelDeliveredAgain_TheModelIsNotPaidTwice()
    {
        var settings = HostSettings("llm-");
        settings["Summariser:AzureOpenAI:Endpoint"] = Model.BaseAddress;
        settings["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini";
        settings["Summariser:AzureOpenAI:ApiKey"] = "test-key";
        await using var host = LocalPipelineHost.Create(settings, log => log.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync(TimeSpan.FromMilliseconds(200));
        await host.Services.GetRequiredService<IncomingBlobs>().UploadAsync("llm/once.txt", BinaryData.FromString(
            "Harbour solar farm approved\n\nThe harbour council approved a solar farm on the old docks on Monday. Construction starts in spring."));
        Assert.Equal(1, (await host.WaitUntilIdleAsync(TimeSpan.FromMinutes(2))).Summarised);
        var paid = Model.Requests.Count;
        var id = Assert.Single(await host.Services.GetRequiredService<SummaryStore>().ListIdsAsync());
        var first = (await host.Services.GetRequiredService<SummaryStore>().GetAsync(id))!;

        // At-least-once delivery: the same summarise message arrives again.
        var again = await host.Services.GetRequiredService<SummaryService>().SummariseAsync(id);

        Assert.Equal(1, paid);
        Assert.Equal(paid, Model.Requests.Count);
        Assert.Equal(SummaryMethods.Llm, again!.Method);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
    }
}
