using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Reliability;

/// <summary>How long the pipeline waits before it treats work as lost, bound from the <c>Reliability</c> section.</summary>
public sealed class ReliabilityOptions
{
    public const string Section = "Reliability";

    /// <summary>
    /// How long an announced blob version may go without an ingestion record before it is announced again, and how
    /// long new work counts as in flight for <c>status --verify</c> (default 2 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reliability:AnnounceGracePeriod must be between 1 second and 1 day.")]
    public TimeSpan AnnounceGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the local host runs the reconciler (default 15 seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Reliability:ReconcileInterval must be between 100 ms and 1 hour.")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(15);
}
