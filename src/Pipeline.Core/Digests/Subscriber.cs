using System.Globalization;
using Azure.Data.Tables;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Digests;

/// <summary>Someone who gets digests of the articles that match their alert query.</summary>
public sealed record Subscriber(string Key, string Email, string Query, string Frequency, DateTimeOffset? LastDigestAt, DateTimeOffset? CoveredUntil)
{
    /// <summary>The stable table key of an email address (case and surrounding space ignored).</summary>
    public static string KeyOf(string email) => TableKey.Of(email.Trim().ToLowerInvariant());

    /// <summary>How often this subscriber may get a digest.</summary>
    public TimeSpan Interval => ParseFrequency(Frequency);

    /// <summary>Due when no digest was ever sent, or when the interval has passed since the last one.</summary>
    public bool IsDue(DateTimeOffset now) => LastDigestAt is null || now - LastDigestAt.Value >= Interval;

    /// <summary>
    /// Reads a frequency: <c>hourly</c>, <c>daily</c>, <c>weekly</c>, a time span (<c>00:15:00</c>), or a number with a
    /// unit (<c>15m</c>, <c>6h</c>, <c>2d</c>).
    /// </summary>
    public static TimeSpan ParseFrequency(string frequency)
    {
        var text = frequency.Trim().ToLowerInvariant();
        switch (text)
        {
            case "hourly":
                return TimeSpan.FromHours(1);
            case "daily" or "":
                return TimeSpan.FromDays(1);
            case "weekly":
                return TimeSpan.FromDays(7);
        }

        if (text.Length > 1 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'm':
                    return TimeSpan.FromMinutes(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'd':
                    return TimeSpan.FromDays(n);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new FormatException($"'{frequency}' is not a frequency: use hourly, daily, weekly, a time span like 00:15:00, or 15m / 6h / 2d.");
    }

    /// <summary>The address with most of the local part hidden, for logs.</summary>
    public string MaskedEmail => Mask(Email);

    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }

    internal static Subscriber FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString(nameof(Email)),
        entity.GetString(nameof(Query)) ?? "",
        entity.GetString(nameof(Frequency)) ?? "daily",
        entity.GetDateTimeOffset(nameof(LastDigestAt)),
        entity.GetDateTimeOffset(nameof(CoveredUntil)));
}
