using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.Llm.Tests.Fixtures;

namespace Pipeline.Llm.Tests;

/// <summary>
/// The model down for 60 s (the scripted chat server answers 503 to everything), articles arriving before, during
/// and after, through the real queue-triggered function on a real Azurite: each gets a summary, the fallback while
/// the model is down, and the model's again once the circuit breaker has closed.
/// </summary>
[Trait("Category", "Fault")]
public sealed class ModelOutageTests : ModelAndStorage
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);
    [Fact]
    public async Task Summarise_ModelDownFor60Seconds_EveryArticleSummarisedByTheFallback_AndTheBreakerClosesAfterwards()
    {
        var model = Model;
        model.Default = ScriptedReply.Status(503, "server_busy");
        var clock = Stopwatch.StartNew();
        var settings = HostSettings("outage-");
        settings["Summariser:OpenAICompatible:BaseUrl"] = model.BaseAddress + "v1";
        settings["Summariser:OpenAICompatible:Model"] = "gpt-4o-mini";
        settings["Summariser:OpenAICompatible:MaxRetries"] = "1";
        settings["Summariser:OpenAICompatible:RetryBaseDelay"] = "00:00:00.2";
        settings["Summariser:OpenAICompatible:AttemptTimeout"] = "00:00:05";
        settings["Summariser:OpenAICompatible:BreakerMinimumThroughput"] = "2";
        settings["Summariser:OpenAICompatible:BreakerSamplingDuration"] = "00:00:10";
        settings["Summariser:OpenAICompatible:BreakerBreakDuration"] = "00:00:05";
        await using var host = LocalPipelineHost.Create(
            settings,
            log => log.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync(TimeSpan.FromMilliseconds(200));

        // Two waves while the model is down: at the start of the outage, and halfway through.
        await UploadAsync(host, "early", 3);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(Outage / 2 - clock.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        await UploadAsync(host, "middle", 3);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        var callsDuringOutage = model.CallCount;

        // The model is back; once the breaker's break has run out, its next call is the trial that closes it.
        await Task.Delay(Outage - clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        model.Default = ScriptedReply.Summary();
        await Task.Delay(BreakDuration + TimeSpan.FromSeconds(1));

        // Half-open, the breaker lets one trial call through and turns away the calls made meanwhile (they fall back;
        // measured: two of three articles arriving together at that moment did). So one article goes first, then three.
        await UploadAsync(host, "after-trial", 1);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));
        await UploadAsync(host, "after", 3);
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var summaries = host.Services.GetRequiredService<SummaryStore>();
        var methods = new List<(string Title, string Method)>();
        foreach (var id in await summaries.ListIdsAsync())
        {
            var summary = (await summaries.GetAsync(id))!;
            methods.Add((summary.Title, summary.Method));
        }

        Assert.Equal((10, 10, 0), (progress.Articles, progress.Summarised, progress.FailedSummaries));
        Assert.Equal(10, methods.Count);
        Assert.All(methods.Where(m => !m.Title.Contains("after", StringComparison.Ordinal)), m => Assert.Equal(SummaryMethods.ExtractiveFallback, m.Method));
        Assert.All(methods.Where(m => m.Title.Contains("after", StringComparison.Ordinal)), m => Assert.Equal(SummaryMethods.Llm, m.Method));

        // The breaker opened: six articles with a retry each would be twelve calls without it.
        Assert.True(callsDuringOutage < 12, $"{callsDuringOutage} calls reached the model while it was down");
    }

    private static async Task UploadAsync(LocalPipelineHost host, string wave, int count)
    {
        var incoming = host.Services.GetRequiredService<IncomingBlobs>();
        for (var i = 0; i < count; i++)
        {
            await incoming.UploadAsync($"outage/{wave}-{i}.json", BinaryData.FromString(JsonSerializer.Serialize(new
            {
                title = $"Harbour {wave} bulletin {i}",
                body = $"The harbour council met on day {i} of the {wave} session. It approved a solar farm on the old docks. Construction starts in spring and will take two years. The farm will power four thousand homes.",
                url = $"https://news.example/{wave}/{i}",
            })));
        }
    }
}
