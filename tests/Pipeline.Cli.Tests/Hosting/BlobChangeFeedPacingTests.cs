using Pipeline.Local;

namespace Pipeline.Cli.Tests.Hosting;

/// <summary>The feed's pace: its interval, or twice a slow poll's own time, so listing a large container cannot take over storage.</summary>
public sealed class BlobChangeFeedPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(20, 500)]
    [InlineData(250, 500)]
    [InlineData(400, 800)]
    [InlineData(3000, 6000)]
    public void NextWait_IsTheIntervalOrTwiceTheListing_WhicheverIsLonger(int pollMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), BlobChangeFeed.NextWait(Interval, TimeSpan.FromMilliseconds(pollMs)));
}
