using Pipeline.Core.Reliability;

namespace Pipeline.Core.Tests.Reliability;

/// <summary>The reconciler's grace period while announced blobs still wait in the trigger's queue.</summary>
public sealed class ReconcilerGraceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    [Fact]
    public void GraceBehind_NothingWaiting_IsTheConfiguredGrace() =>
        Assert.Equal(Grace, Reconciler.GraceBehind(Grace, Now, oldestWaiting: null));

    [Fact]
    public void GraceBehind_ABacklogFiveMinutesDeep_CountsTheGraceFromTheQueuesHead()
    {
        // Announced 6 minutes ago, behind a head put there 5 minutes ago: still queued, not late.
        var grace = Reconciler.GraceBehind(Grace, Now, Now.AddMinutes(-5));

        Assert.Equal(TimeSpan.FromMinutes(7), grace);
        Assert.True(TimeSpan.FromMinutes(6) < grace);
        // Announced 8 minutes ago: before the head was put there, so it left the queue and is judged late again.
        Assert.True(TimeSpan.FromMinutes(8) > grace);
    }

    [Fact]
    public void GraceBehind_HeadStampedAheadOfThisClock_IsTheConfiguredGrace() =>
        Assert.Equal(Grace, Reconciler.GraceBehind(Grace, Now, Now.AddSeconds(3)));
}
