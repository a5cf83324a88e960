using Microsoft.Extensions.Time.Testing;
using Pipeline.Cli.Bench;

namespace Pipeline.Cli.Tests.Bench;

/// <summary>The fake model's tokens-per-minute quota, in fake time.</summary>
public sealed class TokenWindowTests
{
    [Fact]
    public void TryAdmit_PastTheLimit_RefusesUntilTheOldestChargesLeaveTheMinute()
    {
        var time = new FakeTimeProvider();
        var window = new TokenWindow(1000, time);

        Assert.Null(window.TryAdmit(600));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(window.TryAdmit(300));
        time.Advance(TimeSpan.FromSeconds(10));

        // 900 of 1000 used: 200 more must wait until the 600 charged at 0 s leaves, 40 s from now.
        Assert.Equal(TimeSpan.FromSeconds(40), window.TryAdmit(200));
        Assert.Null(window.TryAdmit(100));
        time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal(TimeSpan.FromSeconds(1), window.TryAdmit(200));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(window.TryAdmit(200));

        Assert.Equal(1000, window.MaxAdmittedPerMinute);
        // Asked within the minute up to 40 s: 600 + 300 + 200 (refused) + 100 + 200 (refused at 59 s).
        Assert.Equal(1400, window.MaxAskedPerMinute);
    }

    [Fact]
    public void TryAdmit_BiggerThanTheWholeLimit_IsToldToWaitAFullMinute()
    {
        var window = new TokenWindow(1000, new FakeTimeProvider());

        Assert.Equal(TimeSpan.FromMinutes(1), window.TryAdmit(1001));
        Assert.Equal(0, window.MaxAdmittedPerMinute);
    }
}
