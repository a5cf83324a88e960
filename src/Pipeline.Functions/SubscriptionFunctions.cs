using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Core.Subscriptions;

namespace Pipeline.Functions;

/// <summary>
/// The subscription endpoints: sign-up with double opt-in, confirm, one-click unsubscribe, manage and the web copy of a
/// digest. Anonymous: the signed tokens in the links are the authorisation. Each reads the request (at most
/// <see cref="SubscriptionEndpoints.MaxBodyBytes"/> of body) and hands it to Core, which <c>pipeline up</c> serves too.
/// </summary>
public sealed class SubscriptionFunctions(SubscriptionEndpoints endpoints)
{
    [Function("Subscribe")]
    public Task<HttpResponseData> SubscribeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscribe")] HttpRequestData request, CancellationToken cancellationToken)
        => ServeAsync(request, cancellationToken);

    [Function("Confirm")]
    public Task<HttpResponseData> ConfirmAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "confirm")] HttpRequestData request, CancellationToken cancellationToken)
        => ServeAsync(request, cancellationToken);

    [Function("Unsubscribe")]
    public Task<HttpResponseData> UnsubscribeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "unsubscribe")] HttpRequestData request, CancellationToken cancellationToken)
        => ServeAsync(request, cancellationToken);

    [Function("Manage")]
    public Task<HttpResponseData> ManageAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage")] HttpRequestData request, CancellationToken cancellationToken)
        => ServeAsync(request, cancellationToken);

    [Function("ViewDigest")]
    public Task<HttpResponseData> ViewDigestAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "digests/{subscriber}/{window}")] HttpRequestData request, CancellationToken cancellationToken)
        => ServeAsync(request, cancellationToken);

    private async Task<HttpResponseData> ServeAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        var declared = request.Headers.TryGetValues("Content-Length", out var lengths) && long.TryParse(lengths.FirstOrDefault(), out var length) ? length : (long?)null;
        var contentType = request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null;
        var body = await SubscriptionEndpoints.ReadBodyAsync(request.Body, declared, cancellationToken).ConfigureAwait(false);
        var answer = await endpoints.HandleAsync(new EndpointRequest(request.Method, request.Url.AbsolutePath, request.Url.Query, contentType, body), cancellationToken).ConfigureAwait(false);

        var response = request.CreateResponse((HttpStatusCode)answer.Status);
        response.Headers.Add("Content-Type", answer.ContentType);
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.Add(name, value);
        }

        await response.WriteStringAsync(answer.Body, cancellationToken).ConfigureAwait(false);
        return response;
    }
}
