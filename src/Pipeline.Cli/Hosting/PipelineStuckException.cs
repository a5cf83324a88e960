using Pipeline.Core.Reliability;

namespace Pipeline.Cli.Hosting;

/// <summary>The pipeline did not finish in time: how far it got, and what is still in flight or unaccounted for.</summary>
internal sealed class PipelineStuckException(TimeSpan timeout, PipelineProgress? progress, IReadOnlyList<AuditFinding> stuck, string? outage)
    : Exception($"The pipeline did not finish within {timeout}: {(outage is not null ? "storage is not answering (" + outage + ")" : progress?.ToString() ?? "no progress read")}; stuck: {string.Join("; ", stuck.Take(10).Select(f => $"{f.Item} ({f.State}: {f.Detail})"))}")
{
    public PipelineProgress? Progress { get; } = progress;

    public IReadOnlyList<AuditFinding> Stuck { get; } = stuck;

    /// <summary>Why storage did not answer, when that is why it stopped.</summary>
    public string? Outage { get; } = outage;
}
