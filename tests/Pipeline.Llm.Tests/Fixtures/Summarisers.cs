using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Llm.Tests.Fixtures;

/// <summary>Summarisers pointed at a <see cref="ScriptedChatServer"/>, with test-sized delays.</summary>
public static class Summarisers
{
    public static LlmSummariser AzureOpenAI(ScriptedChatServer server, Action<AzureOpenAIOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new AzureOpenAIOptions
        {
            Endpoint = server.BaseAddress,
            Deployment = "gpt-4o-mini",
            ApiKey = "test-key",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            AttemptTimeout = TimeSpan.FromMinutes(2),
            TotalTimeout = TimeSpan.FromMinutes(5),
        };
        configure?.Invoke(options);
        return new LlmSummariser(LlmServiceCollectionExtensions.AzureChatClient(options), options.Deployment!, options, Extractive, time ?? TimeProvider.System, NullLogger<LlmSummariser>.Instance);
    }

    public static LlmSummariser OpenAICompatible(ScriptedChatServer server, Action<OpenAICompatibleOptions>? configure = null)
    {
        var options = new OpenAICompatibleOptions
        {
            BaseUrl = server.BaseAddress + "v1",
            Model = "llama3.1",
            ApiKey = "local-key",
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            AttemptTimeout = TimeSpan.FromMinutes(2),
            TotalTimeout = TimeSpan.FromMinutes(5),
        };
        configure?.Invoke(options);
        return new LlmSummariser(LlmServiceCollectionExtensions.CompatibleChatClient(options), options.Model!, options, Extractive, TimeProvider.System, NullLogger<LlmSummariser>.Instance);
    }

    public static ExtractiveSummariser Extractive { get; } = new(new SummariserOptions());

    public static SummaryRequest Article(string id = "a1") => new(
        id,
        "Harbour solar farm approved",
        [
            "The harbour council voted on Tuesday to approve a solar farm on the site of the old docks. The vote was seven to two.",
            "Construction is due to start in spring and take two years. The council says the farm will supply four thousand homes.",
        ]);
}
