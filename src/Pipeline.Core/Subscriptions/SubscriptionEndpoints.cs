using System.Collections.Specialized;
using System.Text;
using System.Web;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Subscriptions;

/// <summary>An HTTP request as the subscription endpoints see it, whatever served it.</summary>
/// <param name="Path">The path, for example <c>/api/unsubscribe</c> (leading slash optional).</param>
/// <param name="Query">The raw query string, with or without its <c>?</c>.</param>
/// <param name="Body">The body read as UTF-8, or null when it was over <see cref="SubscriptionEndpoints.MaxBodyBytes"/>.</param>
public sealed record EndpointRequest(string Method, string Path, string? Query, string? ContentType, string? Body);

/// <summary>What to answer: a status, a content type, a body, and headers to add.</summary>
public sealed record EndpointResponse(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The subscription endpoints, independent of any web framework, so that the HTTP functions and <c>pipeline up</c>'s
/// local endpoint serve exactly the same behaviour: <c>api/subscribe</c> (GET form, POST), <c>api/confirm</c> (GET),
/// <c>api/unsubscribe</c> (GET page, POST one-click), <c>api/manage</c> (GET) and
/// <c>api/digests/{subscriber}/{window}</c> (GET). Bad input and bad tokens get a 4xx page; errors never show a stack trace.
/// </summary>
public sealed partial class SubscriptionEndpoints(SubscriptionService service, ILogger<SubscriptionEndpoints> logger)
{
    /// <summary>The largest body accepted; a sign-up form or an RFC 8058 POST is far smaller.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    private const string Html = "text/html; charset=utf-8";

    /// <summary>
    /// Reads a request body up to <see cref="MaxBodyBytes"/>; null when it is longer (declared or actual), so the
    /// caller answers 413 without reading the rest.
    /// </summary>
    public static async Task<string?> ReadBodyAsync(Stream? body, long? declaredLength, CancellationToken cancellationToken)
    {
        if (declaredLength > MaxBodyBytes)
        {
            return null;
        }

        if (body is null)
        {
            return "";
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return read > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    public async Task<EndpointResponse> HandleAsync(EndpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body is null)
        {
            return Page(413, "Request too large", $"This endpoint accepts at most {MaxBodyBytes / 1024} KB.");
        }

        var segments = request.Path.Trim('/').Split('/');
        if (segments.Length < 2 || !string.Equals(segments[0], "api", StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }

        var query = HttpUtility.ParseQueryString(request.Query ?? "");
        try
        {
            return (segments[1].ToLowerInvariant(), segments.Length, request.Method.ToUpperInvariant()) switch
            {
                ("subscribe", 2, "GET") => new EndpointResponse(200, Html, SubscriptionPages.SignupForm(), SecurityHeaders),
                ("subscribe", 2, "POST") => await SubscribeAsync(request, cancellationToken).ConfigureAwait(false),
                ("subscribe", 2, _) => MethodNotAllowed("GET, POST"),
                ("confirm", 2, "GET") => await ConfirmAsync(query["token"], cancellationToken).ConfigureAwait(false),
                ("confirm", 2, _) => MethodNotAllowed("GET"),
                ("unsubscribe", 2, "GET") => UnsubscribePage(query["token"]),
                ("unsubscribe", 2, "POST") => await UnsubscribeAsync(query["token"] ?? Form(request)["token"], cancellationToken).ConfigureAwait(false),
                ("unsubscribe", 2, _) => MethodNotAllowed("GET, POST"),
                ("manage", 2, "GET") => await ManageAsync(query["token"], cancellationToken).ConfigureAwait(false),
                ("manage", 2, _) => MethodNotAllowed("GET"),
                ("digests", 4, "GET") => await ViewDigestAsync(Uri.UnescapeDataString(segments[2]), Uri.UnescapeDataString(segments[3]), query["token"], cancellationToken).ConfigureAwait(false),
                ("digests", 4, _) => MethodNotAllowed("GET"),
                _ => NotFound(),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, segments[1]);
            return Page(500, "Something went wrong", "Your request could not be completed. Please try again later.");
        }
    }

    private async Task<EndpointResponse> SubscribeAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Page(415, "Unsupported form", "Send the form as application/x-www-form-urlencoded.");
        }

        var form = Form(request);
        SignupRequest signup;
        try
        {
            signup = SignupRequest.Parse(form["email"], form["query"], form["schedule"], form["name"]);
        }
        catch (FormatException ex)
        {
            return Page(400, "Please check the form", ex.Message);
        }

        return await service.SubscribeAsync(signup, cancellationToken).ConfigureAwait(false) switch
        {
            SignupOutcome.RateLimited => Page(429, "Too many requests", "We have sent several confirmation emails to this address today. Please use one of them, or try again tomorrow."),
            _ => Page(200, "Check your inbox", "If this address can receive digests, we have sent it an email. Use the link in it to confirm your subscription."),
        };
    }

    private async Task<EndpointResponse> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var (check, outcome) = await service.ConfirmAsync(token, cancellationToken).ConfigureAwait(false);
        if (check != TokenCheck.Valid)
        {
            return Refused(check, "confirmation");
        }

        return outcome == ConfirmOutcome.NotFound
            ? Page(410, "Subscription not found", "This subscription no longer exists. You can subscribe again.")
            : Page(200, "Subscription confirmed", "Thank you: your digests will start at the next time on your schedule.");
    }

    private EndpointResponse UnsubscribePage(string? token)
    {
        var check = service.CheckUnsubscribe(token);
        return check == TokenCheck.Valid ? new EndpointResponse(200, Html, SubscriptionPages.UnsubscribeForm(token!), SecurityHeaders) : Refused(check, "unsubscribe");
    }

    private async Task<EndpointResponse> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var check = await service.UnsubscribeAsync(token, cancellationToken).ConfigureAwait(false);
        return check == TokenCheck.Valid
            ? Page(200, "You are unsubscribed", "You will get no more digests at this address.")
            : Refused(check, "unsubscribe");
    }

    private async Task<EndpointResponse> ManageAsync(string? token, CancellationToken cancellationToken)
    {
        var (check, subscriber, unsubscribe) = await service.ManageAsync(token, cancellationToken).ConfigureAwait(false);
        if (check != TokenCheck.Valid)
        {
            return Refused(check, "manage");
        }

        return subscriber is null
            ? Page(410, "Not subscribed", "This address gets no digests.")
            : new EndpointResponse(200, Html, SubscriptionPages.Manage(subscriber, unsubscribe!), SecurityHeaders);
    }

    private async Task<EndpointResponse> ViewDigestAsync(string subscriberKey, string window, string? token, CancellationToken cancellationToken)
    {
        if (!IsName(subscriberKey) || !IsName(window))
        {
            return NotFound();
        }

        var (check, html) = await service.ViewDigestAsync(subscriberKey, window, token, cancellationToken).ConfigureAwait(false);
        if (check != TokenCheck.Valid)
        {
            return Refused(check, "digest");
        }

        return html is null ? NotFound() : new EndpointResponse(200, Html, html, DigestHeaders);
    }

    /// <summary>A bad token: malformed 400, forged or for another purpose 403, expired 410.</summary>
    private static EndpointResponse Refused(TokenCheck check, string what) => check switch
    {
        TokenCheck.Expired => Page(410, "This link has expired", $"This {what} link is too old. Use the link in a more recent email."),
        TokenCheck.BadSignature or TokenCheck.WrongPurpose => Page(403, "This link is not valid", $"This is not a valid {what} link. Use the link exactly as it is in the email."),
        _ => Page(400, "This link is incomplete", $"This {what} link is missing its token or was cut short. Use the whole link from the email."),
    };

    private static NameValueCollection Form(EndpointRequest request) => HttpUtility.ParseQueryString(request.Body ?? "");

    private static bool IsName(string value) =>
        value.Length is > 0 and <= 200 && value != "." && value != ".." && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~');

    private static EndpointResponse NotFound() => Page(404, "Not found", "There is nothing at this address.");

    private static EndpointResponse MethodNotAllowed(string allow) =>
        Page(405, "Method not allowed", $"This address accepts {allow}.") with { Headers = new Dictionary<string, string>(SecurityHeaders) { ["Allow"] = allow } };

    private static EndpointResponse Page(int status, string title, string message) =>
        new(status, Html, SubscriptionPages.Message(title, message), SecurityHeaders);

    /// <summary>No scripts, no framing, no caching, and no token leaking through a Referer.</summary>
    private static readonly IReadOnlyDictionary<string, string> SecurityHeaders = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-store",
    };

    private static readonly IReadOnlyDictionary<string, string> DigestHeaders = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "private, no-store",
    };

    [LoggerMessage(EventId = 3110, Level = LogLevel.Error, Message = "The {Endpoint} endpoint failed; the user was shown an error page")]
    private static partial void LogFailed(ILogger logger, Exception exception, string endpoint);
}
