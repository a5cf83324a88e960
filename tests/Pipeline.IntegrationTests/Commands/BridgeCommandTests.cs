using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Cli.Commands;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Commands;

/// <summary><c>pipeline bridge</c> against a real Azurite, posting to a local stand-in for the Functions host's blob webhook.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BridgeCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Enough polls for a wrong extra announcement to show up.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Bridge_EachNewBlobVersion_PostedExactlyOnce_AcrossARestart()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        await incoming.UploadAsync("nested/b c#1.md", BinaryData.FromString("# b"));
        using var webhook = FakeBlobWebhook.Start(incoming.ContainerName);
        using var http = new HttpClient();

        await using (var bridge = Bridge.Start(store, http, webhook.FunctionsHost))
        {
            await Eventually.HoldsAsync(() => Task.FromResult(webhook.Events.Count >= 2), TimeSpan.FromSeconds(30), "two events for two blobs");
            await Task.Delay(Settle);
        }

        Assert.Equal(2, webhook.Events.Count);

        await using (var restarted = Bridge.Start(store, http, webhook.FunctionsHost))
        {
            await Task.Delay(Settle);
            Assert.Equal(2, webhook.Events.Count);

            await incoming.UploadAsync("a.txt", BinaryData.FromString("second, longer"));
            await incoming.UploadAsync("c.json", BinaryData.FromString("{\"title\":\"c\",\"body\":\"c\"}"));
            await Eventually.HoldsAsync(() => Task.FromResult(webhook.Events.Count >= 4), TimeSpan.FromSeconds(30), "events for the overwrite and the new blob");
            await Task.Delay(Settle);
        }

        Assert.Empty(webhook.Problems);
        var events = webhook.Events.ToList();
        Assert.Equal(4, events.Count);
        Assert.Equal(4, events.Select(e => (e.Name, e.ETag)).Distinct().Count());
        Assert.Equal(["a.txt", "a.txt", "c.json", "nested/b c#1.md"], events.Select(e => e.Name).Order(StringComparer.Ordinal));
        var a = (await incoming.GetAsync("a.txt"))!;
        Assert.Contains(events, e => e.Name == "a.txt" && e.ETag == a.Version && e.ContentLength == "second, longer".Length);
    }

    [Fact]
    public async Task Bridge_WebhookDownAtFirst_AnnouncesEachVersionOnceItAccepts()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("early.txt", BinaryData.FromString("before the host was up"));
        using var webhook = FakeBlobWebhook.Start(incoming.ContainerName, failFirst: 3);
        using var http = new HttpClient();

        await using (var bridge = Bridge.Start(store, http, webhook.FunctionsHost))
        {
            await Eventually.HoldsAsync(() => Task.FromResult(!webhook.Events.IsEmpty), TimeSpan.FromSeconds(30), "the event, once the webhook accepts");
            await Task.Delay(Settle);
        }

        Assert.Empty(webhook.Problems);
        Assert.True(webhook.Rejected >= 3, $"the webhook turned {webhook.Rejected} requests away");
        Assert.Equal("early.txt", Assert.Single(webhook.Events).Name);
    }

    /// <summary>A running bridge; disposing it is Ctrl+C.</summary>
    private sealed class Bridge : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        public static Bridge Start(IServiceProvider store, HttpClient http, Uri functionsHost)
        {
            var bridge = new Bridge();
            bridge._run = BridgeCommand.RunAsync(store, http, functionsHost, Interval, NullLoggerFactory.Instance, bridge._stop.Token);
            return bridge;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run);
            _stop.Dispose();
        }
    }

    /// <summary>One BlobCreated event the webhook accepted.</summary>
    private sealed record ReceivedEvent(string Name, string ETag, long ContentLength);

    /// <summary>
    /// Stands in for the Functions host's <c>/runtime/webhooks/blobs</c>: checks each request is what Event Grid sends
    /// (a Notification, a JSON array of BlobCreated events in the Event Grid schema, for ParseArticle), records the
    /// events it accepts, and answers 202 Accepted, or 503 for the first <c>failFirst</c> requests.
    /// </summary>
    private sealed class FakeBlobWebhook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _container;
        private int _failuresLeft;
        private int _rejected;

        private FakeBlobWebhook(string container, int failFirst, int port)
        {
            _container = container;
            _failuresLeft = failFirst;
            FunctionsHost = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(FunctionsHost.AbsoluteUri);
        }

        public Uri FunctionsHost { get; }

        public ConcurrentQueue<ReceivedEvent> Events { get; } = new();

        public ConcurrentQueue<string> Problems { get; } = new();

        public int Rejected => Volatile.Read(ref _rejected);

        public static FakeBlobWebhook Start(string container, int failFirst = 0)
        {
            var webhook = new FakeBlobWebhook(container, failFirst, FreePort());
            webhook._listener.Start();
            _ = webhook.ServeAsync();
            return webhook;
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var response = context.Response;
                if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                {
                    Interlocked.Increment(ref _rejected);
                    response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                    continue;
                }

                var accepted = await ReadAsync(context.Request);
                if (accepted is null)
                {
                    response.StatusCode = (int)HttpStatusCode.BadRequest;
                    continue;
                }

                foreach (var e in accepted)
                {
                    Events.Enqueue(e);
                }

                response.StatusCode = (int)HttpStatusCode.Accepted;
            }
        }

        private async Task<List<ReceivedEvent>?> ReadAsync(HttpListenerRequest request)
        {
            var problems = new List<string>();
            Check(request.HttpMethod == "POST", $"method {request.HttpMethod}");
            Check(request.Url?.AbsolutePath == "/runtime/webhooks/blobs", $"path {request.Url?.AbsolutePath}");
            Check(request.QueryString["functionName"] == BridgeCommand.ParseArticleFunctionId && BridgeCommand.ParseArticleFunctionId == "Host.Functions.ParseArticle", $"functionName={request.QueryString["functionName"]}");
            Check(request.Headers["aeg-event-type"] == "Notification", $"aeg-event-type: {request.Headers["aeg-event-type"]}");
            Check(request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true, $"content type {request.ContentType}");

            using var reader = new StreamReader(request.InputStream, request.ContentEncoding);
            using var body = JsonDocument.Parse(await reader.ReadToEndAsync());
            var events = new List<ReceivedEvent>();
            Check(body.RootElement.ValueKind == JsonValueKind.Array && body.RootElement.GetArrayLength() > 0, "body is not a non-empty JSON array");
            if (body.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in body.RootElement.EnumerateArray())
                {
                    var prefix = $"/blobServices/default/containers/{_container}/blobs/";
                    var subject = Text(e, "subject");
                    Check(Guid.TryParse(Text(e, "id"), out _), "id is not a GUID");
                    Check(Text(e, "topic").StartsWith("/subscriptions/", StringComparison.Ordinal) && Text(e, "topic").Contains("/providers/Microsoft.Storage/storageAccounts/", StringComparison.Ordinal), $"topic {Text(e, "topic")}");
                    Check(subject.StartsWith(prefix, StringComparison.Ordinal), $"subject {subject}");
                    Check(Text(e, "eventType") == "Microsoft.Storage.BlobCreated", $"eventType {Text(e, "eventType")}");
                    Check(DateTimeOffset.TryParse(Text(e, "eventTime"), System.Globalization.CultureInfo.InvariantCulture, out _), "eventTime");
                    Check(e.TryGetProperty("dataVersion", out var dv) && dv.ValueKind == JsonValueKind.String, "dataVersion");
                    Check(Text(e, "metadataVersion") == "1", "metadataVersion");
                    Check(e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object, "data");
                    if (data.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var name = subject.StartsWith(prefix, StringComparison.Ordinal) ? subject[prefix.Length..] : subject;
                    Check(Uri.TryCreate(Text(data, "url"), UriKind.Absolute, out var url) && Uri.UnescapeDataString(url.AbsolutePath).EndsWith($"/{_container}/{name}", StringComparison.Ordinal), $"data.url {Text(data, "url")}");
                    Check(Text(data, "eTag").Length > 0, "data.eTag");
                    Check(Text(data, "blobType") == "BlockBlob", $"data.blobType {Text(data, "blobType")}");
                    Check(Text(data, "api") == "PutBlob", $"data.api {Text(data, "api")}");
                    Check(data.TryGetProperty("contentLength", out var length) && length.ValueKind == JsonValueKind.Number, "data.contentLength");
                    events.Add(new(name, Text(data, "eTag"), length.ValueKind == JsonValueKind.Number ? length.GetInt64() : -1));
                }
            }

            foreach (var problem in problems)
            {
                Problems.Enqueue(problem);
            }

            return problems.Count == 0 ? events : null;

            void Check(bool condition, string problem)
            {
                if (!condition)
                {
                    problems.Add(problem);
                }
            }
        }

        private static string Text(JsonElement element, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
