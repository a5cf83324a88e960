using Azure.Data.Tables;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Digests;

/// <summary>Someone who gets digests of the articles that match their alert query.</summary>
public sealed record Subscriber(string Key, string Email, string Query, string Frequency, DateTimeOffset? LastDigestAt, DateTimeOffset? CoveredUntil)
{
    /// <summary>The stable table key of an email address (case and surrounding space ignored).</summary>
    public static string KeyOf(string email) => TableKey.Of(email.Trim().ToLowerInvariant());

    /// <summary>When this subscriber gets digests: a calendar schedule in their time zone, or an interval.</summary>
    public SendSchedule Schedule => SendSchedule.Parse(Frequency);

    /// <summary>Due when no digest was ever sent, or when the schedule has a slot since the last one.</summary>
    public bool IsDue(DateTimeOffset now) => Schedule.IsDue(now, LastDigestAt);

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
