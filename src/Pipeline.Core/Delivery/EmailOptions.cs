using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Delivery;

/// <summary>How digests are delivered, bound from the <c>Email</c> section.</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>The sender of every digest.</summary>
    [Required, EmailAddress]
    public string From { get; set; } = "digests@pipeline.local";

    public string FromName { get; set; } = "Pipeline digests";

    /// <summary>
    /// Where messages are written as <c>.eml</c> files when no SMTP host is set; relative paths are under the
    /// working directory.
    /// </summary>
    [Required]
    public string OutboxPath { get; set; } = "outbox";

    /// <summary>
    /// Where the links in emails point (unsubscribe, confirm, manage, view in browser): the Functions app's URL in
    /// Azure, <c>pipeline up</c>'s local endpoint otherwise.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://localhost:7080";

    /// <summary>The HMAC key that signs the tokens in links (<see cref="Digests.SubscriberTokens"/>); from Key Vault in Azure.</summary>
    public string? UnsubscribeTokenKey { get; set; }

    /// <summary>The SMTP server; when its <c>Host</c> is empty, messages go to the outbox folder instead.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>DataAnnotations does not look inside nested objects; check the SMTP settings here.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), results, validateAllProperties: true);
        return results.Select(r => new ValidationResult(r.ErrorMessage, r.MemberNames.Select(m => $"Smtp:{m}").ToList()));
    }
}

/// <summary>An SMTP server to send through, bound from <c>Email:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Email:Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>None</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    [RegularExpression("^(Auto|None|StartTls|SslOnConnect)$", ErrorMessage = "Email:Smtp:Security must be Auto, None, StartTls or SslOnConnect.")]
    public string Security { get; set; } = "Auto";
}
