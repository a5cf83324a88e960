using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

public sealed class SubscriberTests
{
    [Theory]
    [InlineData("hourly", 60)]
    [InlineData("Daily", 1440)]
    [InlineData("weekly", 10080)]
    [InlineData("15m", 15)]
    [InlineData("6h", 360)]
    [InlineData("2d", 2880)]
    [InlineData("00:30:00", 30)]
    public void ParseFrequency_KnownForms_Interval(string frequency, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ((IntervalSchedule)SendSchedule.Parse(frequency)).Interval);

    [Theory]
    [InlineData("fortnightly")]
    [InlineData("-5m")]
    [InlineData("0m")]
    public void ParseFrequency_Unknown_ThrowsNamingIt(string frequency) =>
        Assert.Contains(frequency, Assert.Throws<FormatException>(() => SendSchedule.Parse(frequency)).Message, StringComparison.Ordinal);

    [Fact]
    public void IsDue_NeverSent_DueAtOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

        Assert.True(new Subscriber("k", "a@example.com", [Alert.Create(null, "x")], "daily", null, null).IsDue(time.GetUtcNow()));
    }

    [Fact]
    public void IsDue_IntervalNotYetPassed_NotDueUntilItHas()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var subscriber = new Subscriber("k", "a@example.com", [Alert.Create(null, "x")], "hourly", time.GetUtcNow(), time.GetUtcNow());

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(subscriber.IsDue(time.GetUtcNow()));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(subscriber.IsDue(time.GetUtcNow()));
    }

    [Fact]
    public void Mask_Email_HidesTheLocalPart() =>
        Assert.Equal("a***@example.com", Subscriber.Mask("alice.smith@example.com"));

    [Fact]
    public void KeyOf_CaseAndSpace_SameKey() =>
        Assert.Equal(Subscriber.KeyOf("Alice@Example.com "), Subscriber.KeyOf("alice@example.com"));
}
