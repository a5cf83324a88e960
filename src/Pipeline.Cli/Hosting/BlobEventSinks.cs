using System.Net.Http.Headers;
using System.Text;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Config;
using Pipeline.Local;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// Hands Event Grid events to the blob extension's webhook converter inside this process: the handler the Functions
/// host serves at <c>/runtime/webhooks/blobs</c>. It queues each event on the blob-trigger queue, whose listener
/// then runs <c>ParseArticle</c> with the extension's own receipts and poison handling.
/// </summary>
internal sealed class InProcessWebhookSink(IEnumerable<IExtensionConfigProvider> extensions, string functionId) : IBlobEventSink
{
    private readonly IAsyncConverter<HttpRequestMessage, HttpResponseMessage> _webhook =
        extensions.OfType<IAsyncConverter<HttpRequestMessage, HttpResponseMessage>>()
            .FirstOrDefault(e => e.GetType().FullName!.Contains("Blobs", StringComparison.Ordinal))
        ?? throw new InvalidOperationException("The blob extension's webhook handler is not registered; was AddAzureStorageBlobs called?");

    public async Task DeliverAsync(string eventsJson, CancellationToken cancellationToken = default)
    {
        using var request = WebhookRequests.Create(new Uri("http://localhost/runtime/webhooks/blobs"), functionId, eventsJson);
        using var response = await _webhook.ConvertAsync(request, cancellationToken).ConfigureAwait(false);
        await WebhookRequests.EnsureAcceptedAsync(response, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Posts Event Grid events over HTTP to a Functions host's blob webhook (for <c>func start</c>).</summary>
internal sealed class HttpWebhookSink(HttpClient http, Uri functionsHost, string functionId) : IBlobEventSink
{
    public async Task DeliverAsync(string eventsJson, CancellationToken cancellationToken = default)
    {
        using var request = WebhookRequests.Create(new Uri(functionsHost, "/runtime/webhooks/blobs"), functionId, eventsJson);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await WebhookRequests.EnsureAcceptedAsync(response, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The request Event Grid makes to a webhook subscriber: a Notification with a JSON array of events.</summary>
internal static class WebhookRequests
{
    public static HttpRequestMessage Create(Uri endpoint, string functionId, string eventsJson) =>
        new(HttpMethod.Post, new UriBuilder(endpoint) { Query = "functionName=" + Uri.EscapeDataString(functionId) }.Uri)
        {
            Headers = { { "aeg-event-type", "Notification" } },
            Content = new StringContent(eventsJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };

    public static async Task EnsureAcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The blob webhook answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
        }
    }
}
