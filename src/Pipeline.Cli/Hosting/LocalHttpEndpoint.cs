using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Subscriptions;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// <c>pipeline up</c>'s stand-in for the HTTP functions: serves <see cref="SubscriptionEndpoints"/> on
/// <c>http://localhost:{port}/api/…</c>, so the links in local emails (confirm, unsubscribe, manage, view) work.
/// </summary>
internal sealed partial class LocalHttpEndpoint : IAsyncDisposable
{
    /// <summary>The setting with the port; the default matches <c>Email:PublicBaseUrl</c>'s default.</summary>
    public const string PortSetting = "Local:HttpPort";

    public const int DefaultPort = 7080;

    private readonly HttpListener _listener = new();
    private readonly SubscriptionEndpoints _endpoints;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    private LocalHttpEndpoint(SubscriptionEndpoints endpoints, ILogger logger, int port)
    {
        _endpoints = endpoints;
        _logger = logger;
        Url = new Uri($"http://localhost:{port}/");
        _listener.Prefixes.Add($"http://localhost:{port}/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    }

    /// <summary>Where it listens.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on <paramref name="port"/> with the endpoints of <paramref name="services"/> (a running host's).</summary>
    public static LocalHttpEndpoint Start(IServiceProvider services, int port)
    {
        var endpoint = new LocalHttpEndpoint(
            services.GetRequiredService<SubscriptionEndpoints>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<LocalHttpEndpoint>(),
            port);
        endpoint._listener.Start();
        endpoint._loop = Task.Run(() => HttpListenerLoop.RunAsync(endpoint._listener, endpoint.ServeAsync, ex => LogServeFailed(endpoint._logger, ex), endpoint._stopping.Token));
        return endpoint;
    }

    private async Task ServeAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var request = context.Request;
        var declared = request.ContentLength64 >= 0 ? request.ContentLength64 : (long?)null;
        var body = request.HasEntityBody
            ? await SubscriptionEndpoints.ReadBodyAsync(request.InputStream, declared, cancellationToken).ConfigureAwait(false)
            : "";
        var answer = await _endpoints.HandleAsync(
            new EndpointRequest(request.HttpMethod, request.Url?.AbsolutePath ?? "/", request.Url?.Query, request.ContentType, body),
            cancellationToken).ConfigureAwait(false);

        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        if (body is null)
        {
            // The rest of an oversized body is not read: close the connection rather than drain it.
            response.KeepAlive = false;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
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

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "The local HTTP endpoint could not answer a request")]
    private static partial void LogServeFailed(ILogger logger, Exception exception);
}
