using System.Globalization;
using System.Net.Mail;

namespace Pipeline.Core.Digests;

/// <summary>Email addresses as subscribers are stored: trimmed, the domain lower-cased and, when international, in punycode.</summary>
public static class EmailAddress
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>
    /// The normal form of <paramref name="email"/>: <c> Alice@Exämple.COM </c> becomes <c>Alice@xn--exmple-cua.com</c>.
    /// The local part is kept as written. Throws <see cref="FormatException"/> starting with <c>email:</c> when it is not an address.
    /// </summary>
    public static string Normalise(string? email)
    {
        var trimmed = email?.Trim() ?? string.Empty;
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            throw Invalid(trimmed, "it needs a local part, an @ and a domain");
        }

        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..].TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw Invalid(trimmed, "its domain is not a valid host name");
        }

        var normal = string.Concat(trimmed.AsSpan(0, at + 1), domain);
        if (!domain.Contains('.', StringComparison.Ordinal) || !MailAddress.TryCreate(normal, out var parsed) || parsed.Address != normal || parsed.DisplayName.Length > 0)
        {
            throw Invalid(trimmed, "it is not of the form name@example.com");
        }

        return normal;
    }

    private static FormatException Invalid(string email, string why) => new($"email: '{email}' is not an email address: {why}.");
}
