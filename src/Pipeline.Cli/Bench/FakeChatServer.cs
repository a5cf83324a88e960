using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Cli.Bench;

/// <summary>How the fake model behaves: its reply delay (drawn uniformly, from a seeded generator) and its quota.</summary>
internal sealed record FakeChatOptions(int TokensPerMinute, int Seed = 11, int MinLatencyMs = 300, int MaxLatencyMs = 1500);

/// <summary>
/// <c>bench e2e --summariser openai-fake</c>'s model: an OpenAI-compatible chat-completions server on a free loopback
/// port (<see cref="HttpListener"/>; <c>POST /v1/chat/completions</c>, and Azure OpenAI's
/// <c>/openai/deployments/{deployment}/chat/completions</c>). Each request is charged against a tokens-per-minute
/// quota as Azure OpenAI charges it (<see cref="TokenWindow"/>) and refused with 429 and <c>Retry-After</c> when it
/// does not fit; an admitted one is answered after a seeded random delay with a valid summary JSON
/// (<see cref="FakeChatReply"/>). It counts calls, calls in flight, 429s and tokens.
/// </summary>
internal sealed partial class FakeChatServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly FakeChatOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TokenWindow _window;
    private Task? _loop;
    private int _calls;
    private int _completed;
    private int _refused;
    private int _badRequests;
    private int _inFlight;
    private int _maxInFlight;
    private long _promptTokens;
    private long _completionTokens;

    private FakeChatServer(FakeChatOptions options, TimeProvider time, ILogger logger, int port)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _random = new Random(options.Seed);
        _window = new TokenWindow(options.TokensPerMinute, time);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
    }

    /// <summary>The server's root, for example <c>http://127.0.0.1:41234/</c>; the OpenAI base URL is this plus <c>v1</c>.</summary>
    public Uri BaseAddress { get; }

    public static FakeChatServer Start(FakeChatOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        var server = new FakeChatServer(options, time ?? TimeProvider.System, logger ?? NullLogger.Instance, LocalTools.FreePort());
        server._listener.Start();
        server._loop = Task.Run(() => HttpListenerLoop.RunAsync(server._listener, server.ServeAsync, ex => LogServeFailed(server._logger, ex), server._stopping.Token));
        return server;
    }

    /// <summary>What the server has seen so far.</summary>
    public LlmFakeStats Stats()
    {
        lock (_gate)
        {
            return new LlmFakeStats(
                Calls: _calls,
                Completed: _completed,
                TooManyRequests: _refused,
                BadRequests: _badRequests,
                MaxInFlight: _maxInFlight,
                PromptTokens: _promptTokens,
                CompletionTokens: _completionTokens,
                TokensPerMinuteLimit: _window.Limit,
                MaxTokensAdmittedInAMinute: _window.MaxAdmittedPerMinute,
                MaxTokensAskedInAMinute: _window.MaxAskedPerMinute,
                LatencyMs: $"{_options.MinLatencyMs}-{_options.MaxLatencyMs}, uniform, seed {_options.Seed}");
        }
    }

    private async Task ServeAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var path = context.Request.Url?.AbsolutePath ?? "/";
        if (context.Request.HttpMethod != "POST" || !(path == "/v1/chat/completions" || (path.StartsWith("/openai/deployments/", StringComparison.Ordinal) && path.EndsWith("/chat/completions", StringComparison.Ordinal))))
        {
            await WriteAsync(response, 404, Error("not_found", $"No route for {context.Request.HttpMethod} {path}; use POST /v1/chat/completions."), cancellationToken).ConfigureAwait(false);
            return;
        }

        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _calls);
        if (ChatRequest.TryRead(body, out var request, out var problem) is false)
        {
            Interlocked.Increment(ref _badRequests);
            await WriteAsync(response, 400, Error("invalid_request_error", problem), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_window.TryAdmit(request.PromptTokens + request.MaxTokens) is { } wait)
        {
            Interlocked.Increment(ref _refused);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = Math.Ceiling(wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            await WriteAsync(response, 429, Error("429", $"Requests have exceeded the token rate limit of {_window.Limit} tokens per minute. Please retry after {seconds} seconds."), cancellationToken).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpListenerResponse response, ChatRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        }

        try
        {
            TimeSpan delay;
            lock (_gate)
            {
                delay = TimeSpan.FromMilliseconds(_options.MinLatencyMs + (_random.NextDouble() * (_options.MaxLatencyMs - _options.MinLatencyMs)));
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            var content = FakeChatReply.Compose(request.User);
            var completionTokens = TokenCounter.Count(content);
            var reply = new ChatCompletionBody(
                "chatcmpl-fake",
                "chat.completion",
                _time.GetUtcNow().ToUnixTimeSeconds(),
                request.Model,
                [new ChatChoice(0, new ChatReplyMessage("assistant", content), "stop")],
                new ChatUsage(request.PromptTokens, completionTokens, request.PromptTokens + completionTokens));
            // Counted before the reply is written: a client that has its reply must find it counted.
            lock (_gate)
            {
                _completed++;
                _promptTokens += request.PromptTokens;
                _completionTokens += completionTokens;
            }

            await WriteAsync(response, 200, JsonSerializer.Serialize(reply, FakeChatJson.Default.ChatCompletionBody), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }

    private static string Error(string code, string message) =>
        JsonSerializer.Serialize(new ErrorBody(new ErrorDetail(code, message)), FakeChatJson.Default.ErrorBody);

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await (_loop ?? Task.CompletedTask).ConfigureAwait(false);
        _listener.Close();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "The fake chat server could not answer a request")]
    private static partial void LogServeFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The parts of a chat-completions request the fake needs: the user message, the model, <c>max_tokens</c> (or
/// <c>max_completion_tokens</c>), and the prompt's tokens counted as <see cref="TokenCounter"/> counts them.
/// </summary>
internal sealed record ChatRequest(string Model, string User, int PromptTokens, int MaxTokens)
{
    // As TokenCounter: each message costs its content plus 3 tokens of framing, and the reply is primed with 3 more.
    private const int PerMessage = 3;
    private const int Priming = 3;

    public static bool TryRead(string body, out ChatRequest request, out string problem)
    {
        request = null!;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                problem = "The request needs a non-empty messages array.";
                return false;
            }

            var prompt = Priming;
            var user = "";
            foreach (var message in messages.EnumerateArray())
            {
                var text = Text(message);
                prompt += PerMessage + TokenCounter.Count(text);
                if (message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "user")
                {
                    user = text;
                }
            }

            var maxTokens = root.TryGetProperty("max_completion_tokens", out var max) || root.TryGetProperty("max_tokens", out max)
                ? max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var m) && m > 0 ? m : 0
                : 0;
            var model = root.TryGetProperty("model", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "fake";
            request = new ChatRequest(model, user, prompt, maxTokens);
            problem = "";
            return true;
        }
        catch (JsonException ex)
        {
            problem = "The request body is not JSON: " + ex.Message;
            return false;
        }
    }

    /// <summary>A message's content: a string, or an array of parts whose <c>text</c> is joined.</summary>
    private static string Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "")),
            _ => "",
        };
    }
}

internal sealed record ChatCompletionBody(string Id, string Object, long Created, string Model, ChatChoice[] Choices, ChatUsage Usage);

internal sealed record ChatChoice(int Index, ChatReplyMessage Message, string FinishReason);

internal sealed record ChatReplyMessage(string Role, string Content);

internal sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

internal sealed record ErrorBody(ErrorDetail Error);

internal sealed record ErrorDetail(string Code, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatCompletionBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(FakeSummary))]
internal sealed partial class FakeChatJson : JsonSerializerContext;
