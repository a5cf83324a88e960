using Pipeline.Core.Digests;

namespace Pipeline.Core.Subscriptions;

/// <summary>A web sign-up, checked: a normal address, one alert and a schedule that parse.</summary>
public sealed record SignupRequest(string Email, Alert Alert, string Schedule)
{
    /// <summary>The longest address accepted (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest alert query accepted from the web.</summary>
    public const int MaxQueryLength = 500;

    /// <summary>The longest schedule accepted, for example <c>weekly mon 07:00 America/Argentina/Buenos_Aires</c>.</summary>
    public const int MaxScheduleLength = 80;

    /// <summary>
    /// Checks the fields of a sign-up form at the edge. Throws <see cref="FormatException"/> whose message starts with
    /// the field at fault (<c>email:</c>, <c>query:</c>, <c>schedule:</c>, <c>name:</c>).
    /// </summary>
    public static SignupRequest Parse(string? email, string? query, string? schedule, string? name)
    {
        email = Field("email", email, MaxEmailLength, required: true)!;
        query = Field("query", query, MaxQueryLength, required: true)!;
        schedule = Field("schedule", schedule, MaxScheduleLength, required: false) ?? "daily";
        name = Field("name", name, Alert.MaxNameLength, required: false);

        var normal = EmailAddress.Normalise(email);
        var alert = Alert.Create(name, query);
        try
        {
            SendSchedule.Parse(schedule);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"schedule: {ex.Message}", ex);
        }

        return new SignupRequest(normal, alert, schedule.Trim());
    }

    /// <summary>A field trimmed and checked for length and for line breaks and other control characters (header injection).</summary>
    private static string? Field(string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? throw new FormatException($"{field}: is required.") : null;
        }

        if (value.Length > maxLength)
        {
            throw new FormatException($"{field}: is longer than {maxLength} characters.");
        }

        if (value.Any(char.IsControl))
        {
            throw new FormatException($"{field}: must not contain line breaks or other control characters.");
        }

        return value.Trim();
    }
}
