using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Cli.Bench;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Cli.Tests.Bench;

/// <summary>
/// <c>openai-fake</c> over real HTTP: our own LLM summariser (the OpenAI SDK client) against it, and raw requests for
/// the quota and the errors.
/// </summary>
public sealed class FakeChatServerTests
{
    private static readonly SummaryRequest Article = new(
        "a1",
        "Harbour solar farm approved",
        [
            "The harbour council voted on Tuesday to approve a solar farm on the site of the old docks. The vote was seven to two.",
            "Construction is due to start in spring and take two years. The council says the farm will supply four thousand homes.",
        ]);

    [Fact]
    public async Task SummariseAsync_ThroughTheFake_GivesAnLlmSummaryOfTheArticleAndTheFakeCountsItsTokens()
    {
        await using var fake = FakeChatServer.Start(new FakeChatOptions(100_000, MinLatencyMs: 10, MaxLatencyMs: 20));

        var draft = await Summariser(fake).SummariseAsync(Article);

        Assert.Equal(SummaryMethods.Llm, draft.Method);
        Assert.Null(draft.FallbackReason);
        Assert.Equal("The harbour council voted on Tuesday to approve a solar farm on the site of the old docks.", draft.Sentences[0]);
        Assert.Contains(draft.Keywords, k => k.Phrase == "council");
        Assert.Equal("Harbour solar farm approved", draft.Headline);
        var stats = fake.Stats();
        Assert.Equal((1, 1, 0), (stats.Calls, stats.Completed, stats.TooManyRequests));
        Assert.Equal(stats.PromptTokens, (long?)draft.PromptTokens);
        Assert.Equal(stats.CompletionTokens, (long?)draft.CompletionTokens);
        // Charged as the client's limiter estimates a call: the prompt's tokens plus max_tokens (400).
        Assert.Equal(TokenCounter.Count(SummaryPrompt.ForChunk(Article.Title, Article.Paragraphs, 1, 1)) + 400, stats.MaxTokensAdmittedInAMinute);
    }

    [Fact]
    public async Task SummariseAsync_LongArticleInChunks_EveryChunkAndTheCombineAnswerUsably()
    {
        await using var fake = FakeChatServer.Start(new FakeChatOptions(1_000_000, MinLatencyMs: 10, MaxLatencyMs: 20));
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Paragraph {i} says the harbour council met residents about the solar farm plans again. Residents asked about noise, traffic and the cost to the town.").ToList();

        var draft = await Summariser(fake, o => o.ChunkTokens = 200).SummariseAsync(Article with { Paragraphs = paragraphs });

        Assert.Equal(SummaryMethods.Llm, draft.Method);
        Assert.True(fake.Stats().Completed >= 3, $"expected chunks and a combine, got {fake.Stats().Completed} calls");
    }

    [Fact]
    public async Task SummariseAsync_ManyArticlesAtOnce_TheFakeAnswersThemConcurrently()
    {
        await using var fake = FakeChatServer.Start(new FakeChatOptions(1_000_000, MinLatencyMs: 300, MaxLatencyMs: 400));
        var summariser = Summariser(fake);

        var drafts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => summariser.SummariseAsync(Article with { ArticleId = $"a{i}" })));

        Assert.All(drafts, d => Assert.Equal(SummaryMethods.Llm, d.Method));
        Assert.InRange(fake.Stats().MaxInFlight, 2, 8);
    }

    [Fact]
    public async Task Post_PastTheQuota_Answers429WithRetryAfterAndAnOpenAIStyleError()
    {
        await using var fake = FakeChatServer.Start(new FakeChatOptions(1000, MinLatencyMs: 10, MaxLatencyMs: 20));
        using var http = new HttpClient { BaseAddress = fake.BaseAddress };

        using var first = await PostAsync(http, "v1/chat/completions", Request(maxTokens: 600));
        using var second = await PostAsync(http, "v1/chat/completions", Request(maxTokens: 600));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, second.StatusCode);
        var retryAfter = int.Parse(second.Headers.GetValues("retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 55, 60);
        Assert.InRange(double.Parse(second.Headers.GetValues("retry-after-ms").Single(), System.Globalization.CultureInfo.InvariantCulture), 55_000, 60_000);
        using var error = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("1000 tokens per minute", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var stats = fake.Stats();
        Assert.Equal((2, 1, 1), (stats.Calls, stats.Completed, stats.TooManyRequests));
        Assert.True(stats.MaxTokensAdmittedInAMinute <= 1000);
        Assert.True(stats.MaxTokensAskedInAMinute > 1000);
    }

    [Theory]
    [InlineData("v1/chat/completions", "not json", 400, "not JSON")]
    [InlineData("v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}", 400, "non-empty messages array")]
    [InlineData("v1/embeddings", "{}", 404, "POST /v1/chat/completions")]
    public async Task Post_BadRequest_AnswersAClearErrorNotAReply(string path, string body, int status, string message)
    {
        await using var fake = FakeChatServer.Start(new FakeChatOptions(100_000, MinLatencyMs: 10, MaxLatencyMs: 20));
        using var http = new HttpClient { BaseAddress = fake.BaseAddress };

        using var response = await PostAsync(http, path, body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, fake.Stats().Completed);
    }

    private static LlmSummariser Summariser(FakeChatServer fake, Action<OpenAICompatibleOptions>? configure = null)
    {
        var options = new OpenAICompatibleOptions { BaseUrl = new Uri(fake.BaseAddress, "v1").ToString(), Model = "gpt-4o-mini-fake", MaxRetries = 0 };
        configure?.Invoke(options);
        return new LlmSummariser(LlmServiceCollectionExtensions.CompatibleChatClient(options), options.Model!, options, new ExtractiveSummariser(new SummariserOptions()), TimeProvider.System, NullLogger<LlmSummariser>.Instance);
    }

    private static string Request(int maxTokens) => JsonSerializer.Serialize(new
    {
        model = "gpt-4o-mini-fake",
        max_tokens = maxTokens,
        messages = new[] { new { role = "user", content = "<article>\n<title>Short</title>\nThe council met on Tuesday. It approved the plan.\n</article>" } },
    });

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
