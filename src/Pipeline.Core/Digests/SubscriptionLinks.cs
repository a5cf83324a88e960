using Microsoft.Extensions.Options;
using Pipeline.Core.Delivery;

namespace Pipeline.Core.Digests;

/// <summary>The links one digest carries, each signed for its purpose.</summary>
/// <param name="Unsubscribe">The one-click link: a GET shows a page with one button, a POST unsubscribes at once (RFC 8058).</param>
/// <param name="UnsubscribeMailto">The <c>mailto:</c> form for <c>List-Unsubscribe</c>.</param>
/// <param name="Manage">The page where the subscriber sees and changes their alerts.</param>
/// <param name="WebCopy">"View in browser": the digest's web copy, or null when there is none.</param>
public sealed record DigestLinks(Uri Unsubscribe, Uri UnsubscribeMailto, Uri Manage, Uri? WebCopy);

/// <summary>
/// Builds the signed links of emails under <c>Email:PublicBaseUrl</c>. The routes are those of the HTTP functions and
/// of <c>pipeline up</c>'s local endpoint: <c>api/subscribe</c>, <c>api/confirm</c>, <c>api/unsubscribe</c>,
/// <c>api/manage</c> and <c>api/digests/{subscriber}/{window}</c>.
/// </summary>
public sealed class SubscriptionLinks(IOptions<EmailOptions> options, TimeProvider time)
{
    /// <summary>How long an unsubscribe, manage or view link in a digest keeps working.</summary>
    public static readonly TimeSpan DigestLinkLifetime = TimeSpan.FromDays(365);

    /// <summary>How long a confirmation link keeps working.</summary>
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);

    private SubscriberTokens? _tokens;

    /// <summary>The tokens under the configured key.</summary>
    public SubscriberTokens Tokens => _tokens ??= new SubscriberTokens(
        options.Value.UnsubscribeTokenKey ?? throw new InvalidOperationException($"{EmailOptions.Section}:UnsubscribeTokenKey is not set."),
        time);

    /// <summary>The links of <paramref name="subscriber"/>'s digest for <paramref name="window"/> (null: no web copy).</summary>
    public DigestLinks For(Subscriber subscriber, string? window)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var unsubscribe = Tokens.Issue(subscriber.Key, TokenPurpose.Unsubscribe, DigestLinkLifetime);
        var manage = Tokens.Issue(subscriber.Key, TokenPurpose.Manage, DigestLinkLifetime);
        var from = options.Value.From;
        return new DigestLinks(
            Route($"api/unsubscribe?token={unsubscribe}"),
            new Uri($"mailto:{from}?subject={Uri.EscapeDataString("unsubscribe " + unsubscribe)}"),
            Route($"api/manage?token={manage}"),
            window is null ? null : Route($"api/digests/{Uri.EscapeDataString(subscriber.Key)}/{Uri.EscapeDataString(window)}?token={manage}"));
    }

    /// <summary>The double opt-in link sent to a new, pending subscriber.</summary>
    public Uri Confirm(string subscriberKey) => Route($"api/confirm?token={Tokens.Issue(subscriberKey, TokenPurpose.Confirm, ConfirmLifetime)}");

    private Uri Route(string relative) => new(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), relative);
}
