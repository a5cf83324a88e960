using System.ClientModel;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>
/// Summarises with a chat model (Azure OpenAI or any OpenAI-compatible server): one call per chunk of at most
/// <see cref="LlmOptions.ChunkTokens"/> tokens, plus one call combining the chunks' summaries when there is more
/// than one, each call through <see cref="LlmResilience"/>. When the model cannot give a usable summary (breaker
/// open, retries exhausted, timeout, 400, content filter, unusable reply) the article is summarised by the
/// <see cref="ExtractiveSummariser"/> instead and marked <c>extractive-fallback</c> with the reason.
/// </summary>
public sealed partial class LlmSummariser : ISummariser
{
    private readonly ChatClient _chat;
    private readonly string _model;
    private readonly LlmOptions _options;
    private readonly ISummariser _fallback;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();

    public LlmSummariser(ChatClient chat, string model, LlmOptions options, ExtractiveSummariser fallback, TimeProvider time, ILogger<LlmSummariser> logger)
    {
        _chat = chat;
        _model = model;
        _options = options;
        _fallback = fallback;
        _time = time;
        _logger = logger;
        _pipeline = LlmResilience.Build(options, time, _breaker);
    }

    /// <summary>The breaker's state, shared by every article this summariser handles.</summary>
    public CircuitState CircuitState => _breaker.CircuitState;

    public async Task<SummaryDraft> SummariseAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        var usage = new TokenUsage();
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.ArticleTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var reply = await SummariseWithModelAsync(request, usage, linked.Token).ConfigureAwait(false);
            LogSummarised(_logger, request.ArticleId, usage.Calls, usage.PromptTokens, usage.CompletionTokens);
            return ToDraft(reply, usage, _time.GetElapsedTime(started));
        }
        catch (Exception ex) when (FallbackReason(ex, cancellationToken) is { } reason)
        {
            LogFallback(_logger, request.ArticleId, reason);
            var draft = await _fallback.SummariseAsync(request, cancellationToken).ConfigureAwait(false);
            return draft with
            {
                Method = SummaryMethods.ExtractiveFallback,
                FallbackReason = reason,
                // Tokens billed for replies we could not use still count towards the cost.
                PromptTokens = usage.Calls > 0 ? usage.PromptTokens : null,
                CompletionTokens = usage.Calls > 0 ? usage.CompletionTokens : null,
            };
        }
    }

    private async Task<LlmReply> SummariseWithModelAsync(SummaryRequest request, TokenUsage usage, CancellationToken cancellationToken)
    {
        var (chunks, truncated) = ArticleChunker.Split(request.Paragraphs, _options.ChunkTokens, _options.MaxChunks);
        if (truncated)
        {
            LogTruncated(_logger, request.ArticleId, _options.MaxChunks, _options.ChunkTokens);
        }

        if (chunks.Count <= 1)
        {
            return await CompleteAsync(SummaryPrompt.ForChunk(request.Title, chunks.FirstOrDefault() ?? [], 1, 1), usage, cancellationToken).ConfigureAwait(false);
        }

        var parts = new List<LlmReply>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            parts.Add(await CompleteAsync(SummaryPrompt.ForChunk(request.Title, chunks[i], i + 1, chunks.Count), usage, cancellationToken).ConfigureAwait(false));
        }

        return await CompleteAsync(SummaryPrompt.ForCombine(request.Title, parts), usage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One model call through the resilience pipeline, its reply checked.</summary>
    private async Task<LlmReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, TokenUsage usage, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(LlmResilience.RequestTokens, TokenCounter.Count(messages) + _options.MaxOutputTokens);
        try
        {
            var completion = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var result = await state.Chat.CompleteChatAsync(state.Messages, state.Self.CompletionOptions(), ctx.CancellationToken).ConfigureAwait(false);
                    return result.Value;
                },
                context,
                (Chat: _chat, Messages: messages, Self: this)).ConfigureAwait(false);
            usage.Add(completion);
            return Read(completion);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // New options for every attempt: the SDK writes the model and messages into the options it is given.
    private ChatCompletionOptions CompletionOptions() => new()
    {
        MaxOutputTokenCount = _options.MaxOutputTokens,
        Temperature = 0.2f,
        ResponseFormat = _options.StructuredOutput
            ? ChatResponseFormat.CreateJsonSchemaFormat("article_summary", SummaryPrompt.Schema, jsonSchemaIsStrict: true)
            : ChatResponseFormat.CreateJsonObjectFormat(),
    };

    private static LlmReply Read(ChatCompletion completion)
    {
        if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw new LlmReplyException(FallbackReasons.ContentFilter, "the reply was withheld by the content filter");
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            throw new LlmReplyException(FallbackReasons.Truncated, "the reply was cut off at the output token limit");
        }

        if (!string.IsNullOrWhiteSpace(completion.Refusal))
        {
            throw new LlmReplyException(FallbackReasons.InvalidReply, "the model refused: " + completion.Refusal);
        }

        return LlmReply.Parse(string.Concat(completion.Content.Select(part => part.Text)));
    }

    private SummaryDraft ToDraft(LlmReply reply, TokenUsage usage, TimeSpan latency) =>
        new(reply.Sentences, reply.Keywords.Select((k, i) => new Keyword(k, Math.Round(1.0 - ((double)i / reply.Keywords.Count), 3))).ToList(), SummaryMethods.Llm)
        {
            Headline = reply.Headline,
            Model = usage.Model ?? _model,
            PromptVersion = SummaryPrompt.Version,
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            Latency = latency,
        };

    /// <summary>The reason to record when <paramref name="exception"/> means "use the fallback"; null lets it escape.</summary>
    private static string? FallbackReason(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => null,
        LlmReplyException e => $"{e.Reason}: {e.Message}",
        BrokenCircuitException => $"{FallbackReasons.CircuitOpen}: the model's circuit breaker is open after repeated failures",
        TimeoutRejectedException or OperationCanceledException => $"{FallbackReasons.Timeout}: no reply in time",
        RateLimiterRejectedException => $"{FallbackReasons.RateLimited}: the tokens-per-minute limiter refused the call",
        ClientResultException e when LlmResilience.IsContentFilter(e) => $"{FallbackReasons.ContentFilter}: the prompt was refused by the content filter (HTTP {e.Status})",
        ClientResultException e when LlmResilience.IsTransient(e) => $"{FallbackReasons.RetriesExhausted}: HTTP {e.Status} on the last attempt",
        ClientResultException e => $"{FallbackReasons.BadRequest}: HTTP {e.Status}",
        HttpRequestException => $"{FallbackReasons.RetriesExhausted}: no response",
        _ => null,
    };

    /// <summary>What the model calls for one article cost, summed over its chunks.</summary>
    private sealed class TokenUsage
    {
        public int Calls { get; private set; }

        public int PromptTokens { get; private set; }

        public int CompletionTokens { get; private set; }

        public string? Model { get; private set; }

        public void Add(ChatCompletion completion)
        {
            Calls++;
            PromptTokens += completion.Usage?.InputTokenCount ?? 0;
            CompletionTokens += completion.Usage?.OutputTokenCount ?? 0;
            Model = string.IsNullOrWhiteSpace(completion.Model) ? Model : completion.Model;
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Summarised {ArticleId} with the model in {Calls} calls ({PromptTokens} prompt + {CompletionTokens} completion tokens)")]
    private static partial void LogSummarised(ILogger logger, string articleId, int calls, int promptTokens, int completionTokens);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Summarised {ArticleId} extractively instead: {Reason}")]
    private static partial void LogFallback(ILogger logger, string articleId, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Article {ArticleId} is longer than {MaxChunks} chunks of {ChunkTokens} tokens; the rest is not sent to the model")]
    private static partial void LogTruncated(ILogger logger, string articleId, int maxChunks, int chunkTokens);
}
