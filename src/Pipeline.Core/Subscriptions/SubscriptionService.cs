using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Subscriptions;

/// <summary>What a sign-up did; the page the subscriber sees is the same for all but <see cref="RateLimited"/>.</summary>
public enum SignupOutcome
{
    /// <summary>A confirmation email was sent.</summary>
    ConfirmationSent,

    /// <summary>The address is already confirmed: nothing was sent, so the page does not tell who is subscribed.</summary>
    AlreadyConfirmed,

    /// <summary>Too many confirmation emails to this address lately; none was sent.</summary>
    RateLimited,
}

/// <summary>
/// Subscribing from the web, with double opt-in, and the pages behind the signed links in emails: confirm,
/// unsubscribe, manage and the web copy of a digest. Every link's token is checked for its purpose.
/// </summary>
public sealed partial class SubscriptionService(
    SubscriberStore subscribers,
    DigestArchive archive,
    SubscriptionLinks links,
    IEmailSender sender,
    IOptions<EmailOptions> email,
    ILogger<SubscriptionService> logger)
{
    /// <summary>At most this many confirmation emails go to one address per <see cref="ConfirmationWindow"/>.</summary>
    public const int MaxConfirmationsPerWindow = 3;

    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromHours(24);

    /// <summary>Stores a pending subscriber (or adds to one) and sends the confirmation email; a confirmed address gets nothing.</summary>
    public async Task<SignupOutcome> SubscribeAsync(SignupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var masked = Subscriber.Mask(request.Email);
        if (await subscribers.AddPendingAsync(request.Email, request.Alert, request.Schedule, cancellationToken).ConfigureAwait(false) == PendingSignup.AlreadyConfirmed)
        {
            LogAlreadyConfirmed(logger, masked);
            return SignupOutcome.AlreadyConfirmed;
        }

        var key = Subscriber.KeyOf(request.Email);
        if (!await subscribers.TryRecordConfirmationAsync(key, MaxConfirmationsPerWindow, ConfirmationWindow, cancellationToken).ConfigureAwait(false))
        {
            LogRateLimited(logger, masked);
            return SignupOutcome.RateLimited;
        }

        await sender.SendAsync(ConfirmationEmail(request, links.Confirm(key)), cancellationToken).ConfigureAwait(false);
        LogConfirmationSent(logger, masked);
        return SignupOutcome.ConfirmationSent;
    }

    /// <summary>Confirms the subscriber a confirm token names; idempotent.</summary>
    public async Task<(TokenCheck Check, ConfirmOutcome Outcome)> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = links.Tokens.Check(token, TokenPurpose.Confirm, out var key);
        if (check != TokenCheck.Valid)
        {
            LogRefused(logger, "confirm", check);
            return (check, ConfirmOutcome.NotFound);
        }

        var outcome = await subscribers.ConfirmAsync(key, cancellationToken).ConfigureAwait(false);
        LogConfirmed(logger, outcome);
        return (check, outcome);
    }

    /// <summary>Checks an unsubscribe token without acting on it (the GET page with its one button).</summary>
    public TokenCheck CheckUnsubscribe(string? token)
    {
        var check = links.Tokens.Check(token, TokenPurpose.Unsubscribe, out _);
        if (check != TokenCheck.Valid)
        {
            LogRefused(logger, "unsubscribe", check);
        }

        return check;
    }

    /// <summary>Removes the subscriber an unsubscribe token names, and their schedule entry, at once; idempotent.</summary>
    public async Task<TokenCheck> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = links.Tokens.Check(token, TokenPurpose.Unsubscribe, out var key);
        if (check != TokenCheck.Valid)
        {
            LogRefused(logger, "unsubscribe", check);
            return check;
        }

        var removed = await subscribers.DeleteByKeyAsync(key, cancellationToken).ConfigureAwait(false);
        LogUnsubscribed(logger, removed);
        return check;
    }

    /// <summary>The subscriber a manage token names (null when they are gone), and an unsubscribe token for their button.</summary>
    public async Task<(TokenCheck Check, Subscriber? Subscriber, string? UnsubscribeToken)> ManageAsync(string? token, CancellationToken cancellationToken = default)
    {
        var check = links.Tokens.Check(token, TokenPurpose.Manage, out var key);
        if (check != TokenCheck.Valid)
        {
            LogRefused(logger, "manage", check);
            return (check, null, null);
        }

        var subscriber = await subscribers.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return (check, subscriber, links.Tokens.Issue(key, TokenPurpose.Unsubscribe, SubscriptionLinks.DigestLinkLifetime));
    }

    /// <summary>
    /// The web copy of <paramref name="subscriberKey"/>'s digest for <paramref name="window"/>, when the manage token
    /// is that subscriber's: <see cref="TokenCheck.WrongPurpose"/> when it is someone else's. Null HTML: no such copy.
    /// </summary>
    public async Task<(TokenCheck Check, string? Html)> ViewDigestAsync(string subscriberKey, string window, string? token, CancellationToken cancellationToken = default)
    {
        var check = links.Tokens.Check(token, TokenPurpose.Manage, out var key);
        if (check == TokenCheck.Valid && !string.Equals(key, subscriberKey, StringComparison.Ordinal))
        {
            check = TokenCheck.WrongPurpose;
        }

        if (check != TokenCheck.Valid)
        {
            LogRefused(logger, "digests", check);
            return (check, null);
        }

        return (check, await archive.ReadAsync(subscriberKey, window, cancellationToken).ConfigureAwait(false));
    }

    private EmailMessage ConfirmationEmail(SignupRequest request, Uri confirm)
    {
        var options = email.Value;
        var domain = options.From[(options.From.LastIndexOf('@') + 1)..];
        var alert = request.Alert.Name == request.Alert.Query ? request.Alert.Query : $"{request.Alert.Name} ({request.Alert.Query})";
        var days = SubscriptionLinks.ConfirmLifetime.TotalDays.ToString(CultureInfo.InvariantCulture);
        var text = $"""
            Someone, probably you, asked for Pipeline digests at this address:

              alert:    {alert}
              schedule: {request.Schedule}

            To start getting them, confirm within {days} days:

              {confirm}

            If you did not ask, ignore this email: nothing will be sent to you.
            """;
        var html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Confirm your subscription</title></head>"
            + "<body style=\"font-family:sans-serif;max-width:40em\">"
            + "<h1 style=\"font-size:1.25em\">Confirm your subscription</h1>"
            + "<p>Someone, probably you, asked for Pipeline digests at this address.</p>"
            + $"<p>Alert: <strong>{WebUtility.HtmlEncode(alert)}</strong><br>Schedule: {WebUtility.HtmlEncode(request.Schedule)}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(confirm.AbsoluteUri)}\">Confirm my subscription</a> (within {days} days)</p>"
            + "<p>If you did not ask, ignore this email: nothing will be sent to you.</p></body></html>";
        var id = $"confirm-{Guid.NewGuid():N}@{domain}";
        return new EmailMessage(request.Email, "Confirm your Pipeline digest subscription", text.Replace("\r\n", "\n", StringComparison.Ordinal), html, id);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Sent a confirmation email to {Email}")]
    private static partial void LogConfirmationSent(ILogger logger, string email);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Sign-up for {Email}, already confirmed: nothing sent")]
    private static partial void LogAlreadyConfirmed(ILogger logger, string email);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Sign-up for {Email} refused: too many confirmation emails to it in the last day")]
    private static partial void LogRateLimited(ILogger logger, string email);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Confirmation link used: {Outcome}")]
    private static partial void LogConfirmed(ILogger logger, ConfirmOutcome outcome);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Unsubscribed (a subscriber was removed: {Removed})")]
    private static partial void LogUnsubscribed(ILogger logger, bool removed);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Refused a {Endpoint} link: {Check}")]
    private static partial void LogRefused(ILogger logger, string endpoint, TokenCheck check);
}
