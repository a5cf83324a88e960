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
/// than one, each call through <see cref="LlmResilience"/>. A reply is read tolerantly (<see cref="LlmReply.Parse"/>):
/// a paid reply is kept whenever its summary is usable prose, and missing key phrases are topped up from the local
/// extractor. When the model cannot give a usable summary (breaker open, retries exhausted, timeout, 400, content filter,
/// unusable summary) the article is summarised by the <see cref="ExtractiveSummariser"/> instead and marked
/// <c>extractive-fallback</c> with the reason, and any replies already paid for are counted as discarded.
/// </summary>
public sealed partial class LlmSummariser : ISummariser
{
    private readonly ChatClient _chat;
    private readonly string _model;
    private readonly LlmOptions _options;
    private readonly ExtractiveSummariser _fallback;
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

    /// <inheritdoc />
    public bool IsPaid => true;

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
            if (reply.Repairs.Count > 0)
            {
                LogRepaired(_logger, request.ArticleId, string.Join("; ", reply.Repairs));
            }

            return ToDraft(request, reply, usage, _time.GetElapsedTime(started));
        }
        catch (Exception ex) when (FallbackReason(ex, cancellationToken) is { } reason)
        {
            LogFallback(_logger, request.ArticleId, reason);
            if (usage.Calls > 0)
            {
                LogDiscarded(_logger, request.ArticleId, usage.Calls, usage.PromptTokens, usage.CompletionTokens);
                PipelineTelemetry.PaidRepliesDiscarded.Add(usage.Calls, new KeyValuePair<string, object?>("reason", reason.Split(':')[0]));
            }

            var draft = _fallback.Summarise(request);
            return draft with
            {
                Method = SummaryMethods.ExtractiveFallback,
                FallbackReason = reason,
                DiscardedReplies = usage.Calls > 0 ? usage.Calls : null,
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

    private SummaryDraft ToDraft(SummaryRequest request, LlmReply reply, TokenUsage usage, TimeSpan latency)
    {
        var (phrases, from) = TopUp(reply.Keywords, request);
        return new(reply.Sentences, phrases.Select((k, i) => new Keyword(k, Math.Round(1.0 - ((double)i / phrases.Count), 3))).ToList(), SummaryMethods.Llm)
        {
            Headline = reply.Headline,
            KeywordsFrom = from,
            Model = usage.Model ?? _model,
            PromptVersion = SummaryPrompt.Version,
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            Latency = latency,
        };
    }

    /// <summary>
    /// The model's key phrases, followed, when it gave fewer than <see cref="LlmReply.MinKeywords"/>, by the local
    /// extractor's best phrases that do not repeat one of them ("solar" after "solar farm").
    /// </summary>
    private (List<string> Phrases, string From) TopUp(IReadOnlyList<string> model, SummaryRequest request)
    {
        var phrases = model.ToList();
        if (phrases.Count >= LlmReply.MinKeywords)
        {
            return (phrases, KeywordSources.Llm);
        }

        var taken = phrases.Select(Words).ToList();
        foreach (var keyword in _fallback.Summarise(request).Keywords)
        {
            if (phrases.Count >= LlmReply.MinKeywords)
            {
                break;
            }

            var words = Words(keyword.Phrase);
            if (words.Count > 0 && !taken.Exists(t => t.IsSubsetOf(words) || t.IsSupersetOf(words)))
            {
                phrases.Add(keyword.Phrase);
                taken.Add(words);
            }
        }

        return (phrases, model.Count == 0 ? KeywordSources.Local : phrases.Count == model.Count ? KeywordSources.Llm : KeywordSources.LlmAndLocal);

        static HashSet<string> Words(string phrase) =>
            phrase.Split([' ', '-', '\'', '’'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
    }

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

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Kept the model's reply for {ArticleId} after repairs: {Repairs}")]
    private static partial void LogRepaired(ILogger logger, string articleId, string repairs);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Discarded {Replies} paid model replies for {ArticleId} ({PromptTokens} prompt + {CompletionTokens} completion tokens)")]
    private static partial void LogDiscarded(ILogger logger, string articleId, int replies, int promptTokens, int completionTokens);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Article {ArticleId} is longer than {MaxChunks} chunks of {ChunkTokens} tokens; the rest is not sent to the model")]
    private static partial void LogTruncated(ILogger logger, string articleId, int maxChunks, int chunkTokens);
}
