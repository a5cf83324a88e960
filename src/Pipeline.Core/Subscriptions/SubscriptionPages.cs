using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Subscriptions;

/// <summary>The small, self-contained pages of the subscription endpoints: no scripts, every value HTML-encoded.</summary>
public static class SubscriptionPages
{
    /// <summary>A page with a heading and paragraphs of text (encoded here).</summary>
    public static string Message(string title, params string[] paragraphs) =>
        Page(title, string.Concat(paragraphs.Select(p => $"<p>{Encode(p)}</p>")));

    /// <summary>The sign-up form.</summary>
    public static string SignupForm() => Page("Subscribe to Pipeline digests", """
        <form method="post" action="subscribe">
        <p><label>Email<br><input type="email" name="email" required maxlength="254"></label></p>
        <p><label>Alert query (for example <code>ferry OR harbour</code>)<br><input name="query" required maxlength="500"></label></p>
        <p><label>Schedule (for example <code>daily 07:00 Europe/Paris</code>)<br><input name="schedule" value="daily" maxlength="80"></label></p>
        <p><button type="submit">Subscribe</button></p>
        </form>
        """);

    /// <summary>The unsubscribe page: one button, a form POST to the same URL (the RFC 8058 body as its field).</summary>
    public static string UnsubscribeForm(string token) => Page(
        "Unsubscribe",
        "<p>Stop getting Pipeline digests at this address?</p>" + UnsubscribeButton(token));

    /// <summary>The manage page: the subscriber's alerts and schedule, and the unsubscribe button.</summary>
    public static string Manage(Subscriber subscriber, string unsubscribeToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p>Digests for <strong>{Encode(subscriber.Email)}</strong>, on the schedule <strong>{Encode(subscriber.Frequency)}</strong>.</p>");
        if (!subscriber.IsConfirmed)
        {
            body.Append("<p>This address is not confirmed yet: use the link in the confirmation email.</p>");
        }

        body.Append("<h2>Alerts</h2><ul>");
        foreach (var alert in subscriber.Alerts)
        {
            body.Append("<li>").Append(Encode(alert.Name));
            if (alert.Name != alert.Query)
            {
                body.Append(": <code>").Append(Encode(alert.Query)).Append("</code>");
            }

            body.Append("</li>");
        }

        body.Append("</ul>").Append(UnsubscribeButton(unsubscribeToken));
        return Page("Your Pipeline digests", body.ToString());
    }

    private static string UnsubscribeButton(string token) =>
        $"<form method=\"post\" action=\"unsubscribe?token={Encode(Uri.EscapeDataString(token))}\">"
        + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
        + "<button type=\"submit\">Unsubscribe</button></form>";

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"color-scheme\" content=\"light dark\">"
        + $"<title>{Encode(title)}</title></head>"
        + "<body style=\"font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5\">"
        + $"<h1 style=\"font-size:1.4em\">{Encode(title)}</h1>{body}</body></html>";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
