namespace Pipeline.Core.Reliability;

/// <summary>
/// What <see cref="StorageAudit"/> found: how many items are in each state, per area, and the items that are not
/// done (in flight or unaccounted for), a bounded number of each.
/// </summary>
public sealed class AuditReport
{
    /// <summary>How many findings of each kind (problems, in flight) are kept with their names.</summary>
    public const int MaxListed = 100;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _counts = new(StringComparer.Ordinal);
    private readonly List<AuditFinding> _problems = [];
    private readonly List<AuditFinding> _inFlight = [];

    /// <summary>Area (blobs, articles, summary index, messages, deliveries) to state to count.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, int>> Counts => _counts;

    /// <summary>Items the audit cannot account for: the first <see cref="MaxListed"/>.</summary>
    public IReadOnlyList<AuditFinding> Problems => _problems;

    /// <summary>Items still on their way (queued, announced within the grace period, ...): the first <see cref="MaxListed"/>.</summary>
    public IReadOnlyList<AuditFinding> InFlight => _inFlight;

    /// <summary>How many items the audit cannot account for, listed or not.</summary>
    public int ProblemCount { get; private set; }

    /// <summary>Every item is accounted for.</summary>
    public bool IsClean => ProblemCount == 0;

    /// <summary>Counts one item in <paramref name="state"/>; keeps it by name when it is a problem or in flight.</summary>
    public void Add(string area, string state, string? item = null, string? detail = null) => Add(area, state, 1, item, detail);

    /// <summary>
    /// Counts <paramref name="count"/> items in <paramref name="state"/> that the audit knows by number only, with one
    /// finding for them all when they are a problem or in flight.
    /// </summary>
    public void Add(string area, string state, int count, string? item = null, string? detail = null)
    {
        lock (_gate)
        {
            if (!_counts.TryGetValue(area, out var states))
            {
                _counts[area] = states = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }

            states[state] = states.GetValueOrDefault(state) + count;
            var kind = AuditStates.KindOf(state);
            if (kind == AuditKind.Problem)
            {
                ProblemCount += count;
            }

            var list = kind switch { AuditKind.Problem => _problems, AuditKind.InFlight => _inFlight, _ => null };
            if (list is { Count: < MaxListed } && item is not null)
            {
                list.Add(new AuditFinding(area, item, state, detail ?? ""));
            }
        }
    }
}

/// <summary>One item that is not done, and why.</summary>
public sealed record AuditFinding(string Area, string Item, string State, string Detail);

/// <summary>Whether a state is done, on its way, or unaccounted for.</summary>
public enum AuditKind
{
    Done,
    InFlight,
    Problem,
}

/// <summary>The states <see cref="StorageAudit"/> puts items in.</summary>
public static class AuditStates
{
    // Done.
    public const string Parsed = "parsed";
    public const string Quarantined = "quarantined";
    public const string Poisoned = "poisoned";
    public const string Summarised = "summarised";
    public const string Valid = "valid";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Unconfirmed = "unconfirmed";

    // On their way.
    public const string InFlight = "in-flight";

    // Unaccounted for.
    public const string Lost = "lost";
    public const string Stuck = "stuck";
    public const string Unannounced = "not-announced";
    public const string Unquarantined = "quarantine-missing";
    public const string Stranded = "stranded";
    public const string Unindexed = "not-indexed";
    public const string Orphan = "orphan";
    public const string Incomplete = "incomplete";
    public const string Duplicate = "duplicate";
    public const string UnreadableName = "unreadable-name";

    public static AuditKind KindOf(string state) => state switch
    {
        InFlight => AuditKind.InFlight,
        Lost or Stuck or Unannounced or Unquarantined or Stranded or Unindexed or Orphan or Incomplete or Duplicate or UnreadableName => AuditKind.Problem,
        _ => AuditKind.Done,
    };
}
