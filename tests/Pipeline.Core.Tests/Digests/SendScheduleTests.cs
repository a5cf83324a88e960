using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class SendScheduleTests
{
    /// <summary>The timer's default cadence: a digest pass every 15 minutes.</summary>
    private static readonly TimeSpan Pass = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData("daily 07:00 Europe/Paris", "daily 07:00 Europe/Paris")]
    [InlineData("Daily 7:00 America/New_York", "daily 07:00 America/New_York")]
    [InlineData("weekly Monday 07:30 Australia/Sydney", "weekly mon 07:30 Australia/Sydney")]
    [InlineData("weekly fri 18:00", "weekly fri 18:00 UTC")]
    [InlineData("hourly :15 Europe/Paris", "hourly :15 Europe/Paris")]
    [InlineData("daily", "daily")]
    [InlineData("6h", "06:00:00")]
    public void Parse_KnownForms_CanonicalText(string text, string canonical) =>
        Assert.Equal(canonical, SendSchedule.Parse(text).Text);

    [Theory]
    [InlineData("daily 25:00 Europe/Paris", "25:00")]
    [InlineData("daily 07:00 Mars/Olympus", "Mars/Olympus")]
    [InlineData("weekly someday 07:00", "someday")]
    [InlineData("monthly 07:00", "monthly")]
    [InlineData("hourly 7", "7")]
    public void Parse_Malformed_ThrowsNamingThePart(string text, string part) =>
        Assert.Contains(part, Assert.Throws<FormatException>(() => SendSchedule.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    // Spring forward and fall back, in each hemisphere.
    [InlineData("Europe/Paris", "2026-03-26", "2026-04-02")]
    [InlineData("Europe/Paris", "2026-10-22", "2026-10-29")]
    [InlineData("America/New_York", "2026-03-05", "2026-03-12")]
    [InlineData("America/New_York", "2026-10-29", "2026-11-05")]
    [InlineData("Australia/Sydney", "2026-04-02", "2026-04-09")]
    [InlineData("Australia/Sydney", "2026-10-01", "2026-10-08")]
    public void IsDue_DailyAcrossDaylightSaving_OneDigestEachLocalDayAtTheSendTime(string zoneId, string from, string to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (var at in new[] { "07:00", "02:30", "00:00", "23:45" })
        {
            var sends = Simulate($"daily {at} {zoneId}", zone, from, to);

            var days = sends.Select(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s, zone).DateTime)).ToList();
            Assert.Equal(days.Distinct(), days);
            Assert.Equal(DateOnly.Parse(to, CultureInfo.InvariantCulture).DayNumber - DateOnly.Parse(from, CultureInfo.InvariantCulture).DayNumber, days.Count);
            foreach (var send in sends)
            {
                // Sent at the first pass at or after the slot: the local send time, or just after a skipped one.
                var local = TimeZoneInfo.ConvertTime(send, zone).TimeOfDay;
                var wanted = TimeOnly.Parse(at, CultureInfo.InvariantCulture).ToTimeSpan();
                var late = local - wanted;
                Assert.True(late >= TimeSpan.Zero && late < Pass + TimeSpan.FromHours(1), $"{at} {zoneId}: sent at {TimeZoneInfo.ConvertTime(send, zone):O}");
            }
        }
    }

    [Fact]
    public void IsDue_TimeSkippedBySpringForward_SentOnceAnHourLater()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        var sends = Simulate("daily 02:30 Europe/Paris", zone, "2026-03-29", "2026-03-30");

        var send = Assert.Single(sends);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), send);
    }

    [Fact]
    public void IsDue_TimeRepeatedByFallBack_SentOnceAtTheFirst()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var sends = Simulate("daily 01:30 America/New_York", zone, "2026-11-01", "2026-11-02");

        var send = Assert.Single(sends);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), send);
    }

    [Fact]
    public void IsDue_WeeklyAcrossDaylightSaving_OneDigestAWeekOnTheWeekday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

        var sends = Simulate("weekly sun 02:30 Australia/Sydney", zone, "2026-03-30", "2026-04-27");

        Assert.Equal(4, sends.Count);
        Assert.All(sends, s => Assert.Equal(DayOfWeek.Sunday, TimeZoneInfo.ConvertTime(s, zone).DayOfWeek));
    }

    [Fact]
    public void IsDue_HostDownForThreeDays_CatchesUpOnce()
    {
        var schedule = SendSchedule.Parse("daily 07:00 Europe/Paris");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 7, 5, 0, TimeSpan.FromHours(2)));
        var last = time.GetUtcNow();

        time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(4));
        Assert.True(schedule.IsDue(time.GetUtcNow(), last));
        last = time.GetUtcNow();

        time.Advance(Pass);
        Assert.False(schedule.IsDue(time.GetUtcNow(), last));
    }

    [Fact]
    public void IsDue_PastDuePassJustAfterTheSlot_SendsOnceNotTwice()
    {
        var schedule = SendSchedule.Parse("daily 07:00 America/New_York");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 7, 7, 0, 0, TimeSpan.FromHours(-5)));
        Assert.True(schedule.IsDue(time.GetUtcNow(), null));
        var last = time.GetUtcNow();

        // A run that was held up (IsPastDue) fires late, then the regular one comes straight after it.
        time.Advance(TimeSpan.FromMinutes(40));
        Assert.False(schedule.IsDue(time.GetUtcNow(), last));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(schedule.IsDue(time.GetUtcNow(), last));
    }

    /// <summary>Runs the digest pass every 15 minutes from local midnight of <paramref name="from"/> to that of <paramref name="to"/>.</summary>
    private static List<DateTimeOffset> Simulate(string text, TimeZoneInfo zone, string from, string to)
    {
        var schedule = SendSchedule.Parse(text);
        var start = Midnight(zone, from);
        var end = Midnight(zone, to);
        var time = new FakeTimeProvider(start);
        // One digest before the window, so that the first one inside it comes from the schedule, not from "never sent".
        DateTimeOffset? last = start - TimeSpan.FromMinutes(1);
        var sends = new List<DateTimeOffset>();
        while (time.GetUtcNow() < end)
        {
            if (schedule.IsDue(time.GetUtcNow(), last))
            {
                last = time.GetUtcNow();
                sends.Add(TimeZoneInfo.ConvertTime(last.Value, zone));
            }

            time.Advance(Pass);
        }

        return sends;
    }

    private static DateTimeOffset Midnight(TimeZoneInfo zone, string date)
    {
        var local = DateOnly.Parse(date, CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [Theory]
    [InlineData("daily", "2026-03-01T09:10:00Z", "2026-03-02T09:10:00Z")]
    [InlineData("15m", "2026-03-01T09:10:00Z", "2026-03-01T09:25:00Z")]
    [InlineData("daily 07:00 Europe/Paris", "2026-03-01T05:59:00Z", "2026-03-01T06:00:00Z")]
    [InlineData("daily 07:00 Europe/Paris", "2026-03-01T06:00:00Z", "2026-03-02T06:00:00Z")]
    [InlineData("daily 07:00 Europe/Paris", "2026-03-28T06:30:00Z", "2026-03-29T05:00:00Z")]
    [InlineData("daily 02:30 Europe/Paris", "2026-03-28T12:00:00Z", "2026-03-29T01:30:00Z")]
    [InlineData("hourly :15 UTC", "2026-03-01T09:15:00Z", "2026-03-01T10:15:00Z")]
    [InlineData("hourly :15 UTC", "2026-03-01T09:14:59Z", "2026-03-01T09:15:00Z")]
    [InlineData("weekly mon 07:00 America/New_York", "2026-03-04T12:00:00Z", "2026-03-09T11:00:00Z")]
    public void NextDue_AfterAPass_TheIntervalLaterOrTheFirstSlotAfter(string schedule, string after, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), SendSchedule.Parse(schedule).NextDue(DateTimeOffset.Parse(after, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("daily 07:00 Europe/Paris")]
    [InlineData("hourly :45 Australia/Sydney")]
    [InlineData("weekly sun 02:30 America/New_York")]
    public void NextDue_AtEveryPassOfAYear_IsDueThenAndNotBefore(string text)
    {
        var schedule = SendSchedule.Parse(text);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        while (at.Year == 2026)
        {
            var next = schedule.NextDue(at);
            Assert.True(next > at);
            Assert.True(schedule.IsDue(next, at), $"{text}: due at {next:O} after {at:O}");
            Assert.False(schedule.IsDue(next.AddSeconds(-1), at), $"{text}: not due before {next:O}");
            at = next;
        }
    }
}
