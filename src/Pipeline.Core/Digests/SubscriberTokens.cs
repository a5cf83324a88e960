using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Digests;

/// <summary>What a link in an email lets its holder do; a token for one purpose is refused for another.</summary>
public enum TokenPurpose : byte
{
    Unsubscribe = 1,
    Confirm = 2,
    Manage = 3,
}

/// <summary>Why a token was refused, or <see cref="Valid"/>.</summary>
public enum TokenCheck
{
    Valid,
    Malformed,
    BadSignature,
    WrongPurpose,
    Expired,
}

/// <summary>
/// Signed, expiring tokens for the links in digests and confirmation emails (unsubscribe, confirm, manage), so that
/// a link works without a login and cannot be forged or reused for another purpose. A token is the subscriber key,
/// the purpose and the expiry, followed by an HMAC-SHA256 of them under the <c>Email:UnsubscribeTokenKey</c> secret,
/// all base64url; the signature is compared in constant time.
/// </summary>
public sealed class SubscriberTokens
{
    private const int SignatureBytes = 32;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SubscriberTokens(string key, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The token key must be at least {MinimumKeyLength} characters.", nameof(key));
        }

        _key = Encoding.UTF8.GetBytes(key);
        _time = time;
    }

    /// <summary>The shortest key accepted: 128 bits of a random password's characters, at the least.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>A token for <paramref name="subscriberKey"/> and <paramref name="purpose"/>, valid for <paramref name="lifetime"/>.</summary>
    public string Issue(string subscriberKey, TokenPurpose purpose, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberKey);
        var subject = Encoding.UTF8.GetBytes(subscriberKey);
        var payload = new byte[1 + 8 + subject.Length];
        payload[0] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), (_time.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        subject.CopyTo(payload, 9);
        return $"{Base64Url(payload)}.{Base64Url(HMACSHA256.HashData(_key, payload))}";
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="purpose"/>; on success, returns the subscriber key it was issued for.</summary>
    public TokenCheck Check(string? token, TokenPurpose purpose, out string subscriberKey)
    {
        subscriberKey = "";
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || token.Length > 1024
            || FromBase64Url(token[..dot]) is not { Length: > 9 } payload
            || FromBase64Url(token[(dot + 1)..]) is not { Length: SignatureBytes } signature)
        {
            return TokenCheck.Malformed;
        }

        // The signature is checked before anything in the payload is believed.
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return TokenCheck.BadSignature;
        }

        if (payload[0] != (byte)purpose)
        {
            return TokenCheck.WrongPurpose;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1))) <= _time.GetUtcNow())
        {
            return TokenCheck.Expired;
        }

        subscriberKey = Encoding.UTF8.GetString(payload, 9, payload.Length - 9);
        return TokenCheck.Valid;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + (text.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
