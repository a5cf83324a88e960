using MimeKit;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Delivery;

/// <summary>
/// Builds the MIME form of every message the pipeline sends (digests and confirmations alike): multipart/alternative
/// with text first and HTML second, each part UTF-8 with the transfer encoding MimeKit finds shortest for a 7-bit
/// transport (quoted-printable or base64), header values on one line with no control characters, the automatic-mail
/// header, and for a digest the list headers of RFC 2369, 2919 and 8058.
/// </summary>
public static class MimeMessages
{
    public static MimeMessage Create(EmailMessage message, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var domain = DomainOf(options.From);
        var alternative = new MultipartAlternative
        {
            Part("plain", message.Text),
            Part("html", message.Html),
        };
        var mime = new MimeMessage
        {
            Subject = DigestStrings.Clean(message.Subject),
            Body = alternative,
            MessageId = message.MessageId.Contains('@', StringComparison.Ordinal) ? message.MessageId : $"{message.MessageId}@{domain}",
        };
        mime.From.Add(new MailboxAddress(DigestStrings.Clean(options.FromName), options.From));
        mime.To.Add(MailboxAddress.Parse(DigestStrings.Clean(message.To)));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        if (message.Links is { } links)
        {
            mime.Headers.Add("List-Id", $"{DigestStrings.Clean(options.FromName)} <digests.{domain}>");
            mime.Headers.Add("List-Unsubscribe", $"<{links.Unsubscribe.AbsoluteUri}>, <{links.UnsubscribeMailto.AbsoluteUri}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    /// <summary>The domain of an address (<c>digests@pipeline.local</c> → <c>pipeline.local</c>).</summary>
    public static string DomainOf(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..].Trim() : throw new ArgumentException($"'{address}' has no domain.", nameof(address));
    }

    private static TextPart Part(string subtype, string content)
    {
        var part = new TextPart(subtype);
        part.SetText(System.Text.Encoding.UTF8, content);
        return part;
    }
}
