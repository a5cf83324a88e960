using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Llm.Tests.Fixtures;

/// <summary>
/// A real HTTP peer on 127.0.0.1 (in-process Kestrel on a free port) that speaks the chat-completions protocol of
/// Azure OpenAI (<c>/openai/deployments/{deployment}/chat/completions</c>) and OpenAI (<c>/v1/chat/completions</c>),
/// answering each request with the next scripted reply, then with <see cref="Default"/>.
/// </summary>
public sealed class ScriptedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    private ScriptedChatServer(WebApplication app) => _app = app;

    /// <summary>The server's root, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public string BaseAddress { get; private set; } = "";

    /// <summary>Stamps each request; set a FakeTimeProvider to measure delays in fake time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public ScriptedReply Default { get; set; } = ScriptedReply.Summary();

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int CallCount => Requests.Count;

    public static async Task<ScriptedChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedChatServer(app);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.HandleAsync);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = app.Urls.Single().TrimEnd('/') + "/";
        return server;
    }

    public ScriptedChatServer Then(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(context.Request.Path + context.Request.QueryString, headers, body, Clock.GetUtcNow(), Stopwatch.GetTimestamp()));
        }

        var reply = _script.TryDequeue(out var next) ? next : Default;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await reply.WriteAsync(context, linked.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request the server received.</summary>
public sealed record RecordedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At, long Timestamp)
{
    /// <summary>The text of the request's messages with the given role.</summary>
    public string Message(string role) =>
        JsonDocument.Parse(Body).RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == role)
            .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } s ? s.GetString()! : string.Concat(m.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString())))
            .Single();
}

/// <summary>What the server answers with.</summary>
public sealed class ScriptedReply(Func<HttpContext, CancellationToken, Task> write)
{
    public const string DefaultSummary = "The harbour council approved a solar farm on the old docks. Construction starts in spring and will take two years. The farm will power four thousand homes.";

    public static readonly string[] DefaultKeywords = ["harbour council", "solar farm", "old docks", "construction", "renewable energy", "four thousand homes"];

    public Task WriteAsync(HttpContext context, CancellationToken cancellationToken) => write(context, cancellationToken);

    /// <summary>A 200 whose message content is a valid summary JSON.</summary>
    public static ScriptedReply Summary(string summary = DefaultSummary, string[]? keywords = null, string headline = "Council approves harbour solar farm", int promptTokens = 812, int completionTokens = 96) =>
        Completion(JsonSerializer.Serialize(new { summary, keywords = keywords ?? DefaultKeywords, headline }), "stop", promptTokens, completionTokens);

    /// <summary>A 200 with the given message content and finish reason.</summary>
    public static ScriptedReply Completion(string? content, string finishReason = "stop", int promptTokens = 812, int completionTokens = 96) => new((context, ct) =>
    {
        var body = new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_732_000_000,
            model = "gpt-4o-mini-2024-07-18",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), ct);
    });

    /// <summary>An error status with an OpenAI-style error body and optional headers.</summary>
    public static ScriptedReply Status(int status, string code = "error", params (string Name, string Value)[] headers) => new((context, ct) =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message = $"scripted {status} {code}", status } }), ct);
    });

    /// <summary>Azure OpenAI's refusal of a prompt: 400 with error code content_filter.</summary>
    public static ScriptedReply ContentFilterRefusal() => Status(400, "content_filter");

    /// <summary>Never answers (until the client gives up or the server stops).</summary>
    public static ScriptedReply Hang() => new(async (_, ct) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // The client timed out or the server is stopping.
        }
    });
}
