using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Core.Storage;

namespace Pipeline.Core.Digests;

/// <summary>Someone who gets one digest per slot of their schedule, of the articles that match any of their alerts.</summary>
public sealed record Subscriber(string Key, string Email, IReadOnlyList<Alert> Alerts, string Frequency, DateTimeOffset? LastDigestAt, DateTimeOffset? CoveredUntil)
{
    /// <summary>The stable table key of an email address (case and surrounding space ignored).</summary>
    public static string KeyOf(string email) => TableKey.Of(email.Trim().ToLowerInvariant());

    /// <summary>The bucket (<c>yyyyMMddHH</c>, UTC) of this subscriber's entry in the schedule index; null before they had one.</summary>
    public string? DueBucket { get; init; }

    /// <summary>A subscriber who asked through the web form and has not yet clicked the confirmation link: they get no digest.</summary>
    public const string Pending = "pending";

    /// <summary>A subscriber who gets digests: confirmed by their link, or added by an operator (CLI, import, seeds).</summary>
    public const string Confirmed = "confirmed";

    /// <summary><see cref="Pending"/> or <see cref="Confirmed"/>; a row written before there were statuses reads as confirmed.</summary>
    public string Status { get; init; } = Confirmed;

    /// <summary>Whether this subscriber gets digests.</summary>
    public bool IsConfirmed => Status == Confirmed;

    /// <summary>When confirmation emails were sent to this address (the recent ones), for the per-address rate limit.</summary>
    public IReadOnlyList<DateTimeOffset> ConfirmationsSent { get; init; } = [];

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
        ReadAlerts(entity),
        entity.GetString(nameof(Frequency)) ?? "daily",
        entity.GetDateTimeOffset(nameof(LastDigestAt)),
        entity.GetDateTimeOffset(nameof(CoveredUntil)))
    {
        DueBucket = entity.GetString(nameof(DueBucket)),
        Status = entity.GetString(nameof(Status)) ?? Confirmed,
        ConfirmationsSent = ReadTimes(entity.GetString(nameof(ConfirmationsSent))),
    };

    /// <summary>The <c>ConfirmationsSent</c> column: Unix seconds, comma-separated.</summary>
    internal static string WriteTimes(IEnumerable<DateTimeOffset> times) =>
        string.Join(',', times.Select(t => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static List<DateTimeOffset> ReadTimes(string? column) =>
        string.IsNullOrEmpty(column) ? [] : column.Split(',')
            .Select(t => long.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>().ToList();

    /// <summary>The most alerts one subscriber may have: their JSON column must stay well inside a table property's 64 KiB.</summary>
    public const int MaxAlerts = 20;

    private static readonly JsonSerializerOptions Compact = new(StorageJson.Options) { WriteIndented = false };

    internal static string WriteAlerts(IEnumerable<Alert> alerts) => JsonSerializer.Serialize(alerts, Compact);

    /// <summary>The <c>Alerts</c> column; a row written before subscribers had several alerts has one <c>Query</c>: one alert named after it.</summary>
    private static List<Alert> ReadAlerts(TableEntity entity)
    {
        if (entity.GetString(nameof(Alerts)) is { } json)
        {
            return JsonSerializer.Deserialize<List<Alert>>(json, Compact) ?? [];
        }

        var query = entity.GetString("Query");
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        try
        {
            return [Alert.Create(query, query)];
        }
        catch (FormatException)
        {
            // Kept, so that the digest pass can name the bad query in its log rather than lose the subscriber.
            return [new Alert("legacy", query, query)];
        }
    }
}
