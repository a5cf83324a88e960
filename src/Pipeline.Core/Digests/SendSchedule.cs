using System.Globalization;

namespace Pipeline.Core.Digests;

/// <summary>
/// When a subscriber's digests go out. Either a calendar schedule in the subscriber's own time zone
/// (<c>hourly :15</c>, <c>daily 07:00 Europe/Paris</c>, <c>weekly mon 07:00 America/New_York</c>), or, as before
/// calendar schedules existed, an interval since the last digest (<c>hourly</c>, <c>daily</c>, <c>6h</c>, <c>00:15:00</c>).
/// </summary>
/// <remarks>
/// A calendar schedule has exactly one slot per local hour, day or week. A send time that a spring-forward gap
/// skips moves forward by the gap (02:30 becomes 03:30); one that a fall-back repeats is taken at its first
/// occurrence. So no day is skipped and the 25-hour day gets one digest. A digest is due when the latest slot at or
/// before now is later than the last digest: however many slots a stopped host missed, it catches up once.
/// </remarks>
public abstract record SendSchedule
{
    /// <summary>The schedule in the form <see cref="Parse"/> reads.</summary>
    public abstract string Text { get; }

    /// <summary>Whether a digest is due at <paramref name="now"/>, given when the last one went out.</summary>
    public abstract bool IsDue(DateTimeOffset now, DateTimeOffset? lastDigestAt);

    /// <summary>
    /// When the next digest falls due after a pass at <paramref name="after"/> (a digest sent, or nothing to send):
    /// for an interval, <paramref name="after"/> plus the interval; for a calendar schedule, its first slot after
    /// <paramref name="after"/>. The digest pass looks subscribers up by this time rather than reading them all.
    /// </summary>
    public abstract DateTimeOffset NextDue(DateTimeOffset after);

    /// <summary>
    /// Reads a schedule. Throws <see cref="FormatException"/> naming what is wrong: an unknown frequency, a bad time,
    /// a bad weekday or a time zone that is not an IANA id.
    /// </summary>
    public static SendSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 1)
        {
            return new IntervalSchedule(ParseInterval(words.Length == 0 ? "" : words[0]));
        }

        var cadence = words[0].ToLowerInvariant() switch
        {
            "hourly" => Cadence.Hourly,
            "daily" => Cadence.Daily,
            "weekly" => Cadence.Weekly,
            _ => throw new FormatException($"'{text}' is not a schedule: it must start with hourly, daily or weekly, as in 'daily 07:00 Europe/Paris'."),
        };

        var rest = words.AsSpan(1);
        DayOfWeek? weekday = null;
        if (cadence == Cadence.Weekly)
        {
            weekday = ParseWeekday(rest[0]) ?? throw new FormatException($"'{rest[0]}' in '{text}' is not a weekday: use mon, tue, wed, thu, fri, sat or sun.");
            rest = rest[1..];
        }

        if (rest.Length == 0)
        {
            throw new FormatException($"'{text}' has no send time: add one, as in '{words[0]} {(weekday is null ? "" : words[1] + " ")}07:00'.");
        }

        var at = ParseTime(rest[0], cadence) ?? throw new FormatException(
            cadence == Cadence.Hourly
                ? $"'{rest[0]}' in '{text}' is not a minute past the hour: use :MM, as in 'hourly :15'."
                : $"'{rest[0]}' in '{text}' is not a time of day: use HH:MM on a 24-hour clock, as in 07:00.");
        var zone = rest.Length > 1 ? FindZone(rest[1], text) : TimeZoneInfo.Utc;
        if (rest.Length > 2)
        {
            throw new FormatException($"'{text}' has more words than a schedule takes: frequency, {(weekday is null ? "" : "weekday, ")}time and time zone.");
        }

        return new CalendarSchedule(cadence, weekday, at, zone);
    }

    /// <summary>
    /// Reads an interval: <c>hourly</c>, <c>daily</c> (or nothing), <c>weekly</c>, a time span (<c>00:15:00</c>), or a
    /// number with a unit (<c>15m</c>, <c>6h</c>, <c>2d</c>).
    /// </summary>
    public static TimeSpan ParseInterval(string frequency)
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

        throw new FormatException($"'{frequency}' is not a frequency: use 'daily 07:00 Europe/Paris', 'weekly mon 07:00 America/New_York', 'hourly :15', or an interval: hourly, daily, weekly, 00:15:00, 15m, 6h, 2d.");
    }

    private static DayOfWeek? ParseWeekday(string word)
    {
        var lower = word.ToLowerInvariant();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (lower.Length >= 3 && name.StartsWith(lower, StringComparison.Ordinal))
            {
                return day;
            }
        }

        return null;
    }

    private static TimeOnly? ParseTime(string word, Cadence cadence)
    {
        if (cadence == Cadence.Hourly)
        {
            var minutes = word.StartsWith(':') ? word[1..] : word;
            return int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minute) && minute is >= 0 and < 60 && minutes.Length == 2
                ? new TimeOnly(0, minute)
                : null;
        }

        return TimeOnly.TryParseExact(word, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    private static TimeZoneInfo FindZone(string id, string text)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"'{id}' in '{text}' is not a time zone: use an IANA id such as Europe/Paris, America/New_York or UTC.", ex);
        }
    }
}

/// <summary>How often a calendar schedule has a slot.</summary>
public enum Cadence
{
    Hourly,
    Daily,
    Weekly,
}

/// <summary>A digest at most once per <paramref name="Interval"/>, counted from the last one.</summary>
public sealed record IntervalSchedule(TimeSpan Interval) : SendSchedule
{
    public override string Text => Interval.TotalMinutes switch
    {
        60 => "hourly",
        1440 => "daily",
        10080 => "weekly",
        _ => Interval.ToString("c", CultureInfo.InvariantCulture),
    };

    public override bool IsDue(DateTimeOffset now, DateTimeOffset? lastDigestAt) =>
        lastDigestAt is null || now - lastDigestAt.Value >= Interval;

    public override DateTimeOffset NextDue(DateTimeOffset after) => after + Interval;
}

/// <summary>One digest per local hour, day or week of <paramref name="Zone"/>, at <paramref name="At"/>.</summary>
public sealed record CalendarSchedule(Cadence Cadence, DayOfWeek? Weekday, TimeOnly At, TimeZoneInfo Zone) : SendSchedule
{
    public override string Text => Cadence switch
    {
        Cadence.Hourly => $"hourly :{At.Minute:00} {Zone.Id}",
        Cadence.Daily => $"daily {At:HH\\:mm} {Zone.Id}",
        _ => $"weekly {Weekday.ToString()![..3].ToLowerInvariant()} {At:HH\\:mm} {Zone.Id}",
    };

    public override bool IsDue(DateTimeOffset now, DateTimeOffset? lastDigestAt) =>
        lastDigestAt is null || lastDigestAt.Value < LatestSlot(now);

    private TimeSpan Step => Cadence switch { Cadence.Hourly => TimeSpan.FromHours(1), Cadence.Daily => TimeSpan.FromDays(1), _ => TimeSpan.FromDays(7) };

    /// <summary>The first slot strictly after <paramref name="after"/>.</summary>
    public override DateTimeOffset NextDue(DateTimeOffset after)
    {
        // The slot of the current local hour, day or week, then whole steps forward: three always pass a transition.
        var candidate = PeriodSlot(TimeZoneInfo.ConvertTime(after, Zone).DateTime);
        for (var i = 0; i < 4; i++, candidate += Step)
        {
            var slot = ToInstant(candidate);
            if (slot > after)
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"No slot of '{Text}' after {after:O}.");
    }

    /// <summary>The latest slot at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LatestSlot(DateTimeOffset now)
    {
        var step = Step;
        var candidate = PeriodSlot(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

        // Local slots step by whole local hours, days or weeks; each maps to one instant. Two steps back always
        // reach a slot at or before now, even across a transition that moves the clock.
        for (var i = 0; i < 3; i++, candidate -= step)
        {
            var slot = ToInstant(candidate);
            if (slot <= now)
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"No slot of '{Text}' at or before {now:O}.");
    }

    /// <summary>The local wall-clock slot in the hour, day or week that <paramref name="local"/> falls in.</summary>
    private DateTime PeriodSlot(DateTime local) => Cadence switch
    {
        Cadence.Hourly => local.Date.AddHours(local.Hour).AddMinutes(At.Minute),
        Cadence.Daily => local.Date.Add(At.ToTimeSpan()),
        _ => local.Date.AddDays(-(((int)local.DayOfWeek - (int)Weekday!.Value + 7) % 7)).Add(At.ToTimeSpan()),
    };

    /// <summary>
    /// The instant of a local wall-clock time: a time inside a spring-forward gap moves forward by the gap, and a
    /// time a fall-back repeats is its first occurrence.
    /// </summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var before = Zone.GetUtcOffset(local.AddHours(-12));
            var after = Zone.GetUtcOffset(local.AddHours(12));
            return new DateTimeOffset(local.Add(after - before), after);
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var first = Zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, first);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
