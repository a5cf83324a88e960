using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Delivery;

/// <summary>An email with a plain-text part and an HTML part.</summary>
/// <param name="MessageId">A stable id, so the same digest is recognisable wherever it lands: <c>local@domain</c>, or a bare local part that <see cref="MimeMessages"/> puts on the domain of <c>Email:From</c>.</param>
public sealed record EmailMessage(string To, string Subject, string Text, string Html, string MessageId)
{
    /// <summary>
    /// The links of a digest; when set, the message carries the list headers (<c>List-Unsubscribe</c>,
    /// <c>List-Unsubscribe-Post</c>, <c>List-Id</c>). Null for a message that is not list mail, such as a confirmation.
    /// </summary>
    public DigestLinks? Links { get; init; }
}

/// <summary>Delivers one email. Chosen once, at registration: SMTP when a host is configured, the outbox otherwise.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Writes each message as an <c>.eml</c> file into the outbox folder: the default with no SMTP server.</summary>
public sealed class OutboxEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    public string OutboxPath => Path.GetFullPath(options.Value.OutboxPath);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(OutboxPath);
        var mime = MimeMessages.Create(message, options.Value);
        mime.Date = time.GetUtcNow();
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.Combine(OutboxPath, $"{stamp}-{message.MessageId.Split('@')[0]}.eml");
        // Write to a temporary name first, so a reader never sees half a message.
        var temporary = file + ".tmp";
        await mime.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value.Smtp;
        var mime = MimeMessages.Create(message, options.Value);
        mime.Date = time.GetUtcNow();
        using var client = new SmtpClient();
        var security = Enum.Parse<SecureSocketOptions>(smtp.Security);
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set."), smtp.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }
}
