using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;
using Pipeline.Llm.Tests.Fixtures;

namespace Pipeline.Llm.Tests;

/// <summary>The OpenAI-compatible route (OpenAI SDK with a custom endpoint) against the same scripted server.</summary>
public sealed class OpenAICompatibleTests : IAsyncLifetime
{
    private ScriptedChatServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SummariseAsync_Success_PostsToV1ChatCompletionsWithBearerKey()
    {
        var draft = await Summarisers.OpenAICompatible(_server).SummariseAsync(Summarisers.Article());

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("Bearer local-key", request.Headers["Authorization"]);
        Assert.Contains("\"model\":\"llama3.1\"", request.Body, StringComparison.Ordinal);
        Assert.Equal(SummaryMethods.Llm, draft.Method);
        Assert.Equal(3, draft.Sentences.Count);
    }

    [Fact]
    public async Task SummariseAsync_503Then429ThenSuccess_RetriesThroughTheSamePipeline()
    {
        _server.Then(ScriptedReply.Status(503), ScriptedReply.Status(429, "429", ("retry-after-ms", "50")));

        var draft = await Summarisers.OpenAICompatible(_server).SummariseAsync(Summarisers.Article());

        Assert.Equal(3, _server.CallCount);
        Assert.Equal(SummaryMethods.Llm, draft.Method);
    }

    [Fact]
    public async Task SummariseAsync_MalformedReply_FallsBack()
    {
        _server.Default = ScriptedReply.Completion("not json at all");

        var draft = await Summarisers.OpenAICompatible(_server).SummariseAsync(Summarisers.Article());

        Assert.Equal(1, _server.CallCount);
        Assert.Equal(SummaryMethods.ExtractiveFallback, draft.Method);
        Assert.StartsWith(FallbackReasons.InvalidReply, draft.FallbackReason, StringComparison.Ordinal);
    }
}
