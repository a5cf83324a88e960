using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Core;

/// <summary>
/// The pipeline's traces and counters, both named <c>Pipeline</c>. Each article's trace runs from its blob, through
/// the summarise queue (the message carries the W3C <c>traceparent</c>), to its summary.
/// </summary>
public static class PipelineTelemetry
{
    public const string Name = "Pipeline";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Articles parsed from incoming files (a copy of an article already stored counts too, tagged new=false).</summary>
    public static readonly Counter<long> ArticlesParsed = Meter.CreateCounter<long>("pipeline.articles.parsed", "{article}");

    /// <summary>Files quarantined, tagged with the reason code.</summary>
    public static readonly Counter<long> FilesQuarantined = Meter.CreateCounter<long>("pipeline.files.quarantined", "{file}");

    /// <summary>Summaries written, tagged with the method.</summary>
    public static readonly Counter<long> ArticlesSummarised = Meter.CreateCounter<long>("pipeline.articles.summarised", "{article}");

    /// <summary>Model replies that were paid for and then discarded (the article fell back to the extractive summary), tagged with the reason code. Expected to stay at 0.</summary>
    public static readonly Counter<long> PaidRepliesDiscarded = Meter.CreateCounter<long>("pipeline.llm.replies.discarded", "{reply}");

    /// <summary>Digest emails sent.</summary>
    public static readonly Counter<long> DigestsSent = Meter.CreateCounter<long>("pipeline.digests.sent", "{email}");

    /// <summary>Work that failed and will be retried by the host, tagged with the stage.</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("pipeline.failures", "{failure}");

    /// <summary>The current activity's W3C trace context, to carry across a queue.</summary>
    public static string? CurrentTraceParent => Activity.Current?.Id;

    /// <summary>
    /// Counts a failure that is about to propagate to the host (which retries it) and marks the current span as
    /// failed. Returns false, so it can sit in an exception filter without catching anything.
    /// </summary>
    public static bool RecordFailure(string stage, Exception exception)
    {
        Failures.Add(1, new KeyValuePair<string, object?>("stage", stage));
        Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Message);
        return false;
    }

    /// <summary>Starts a span that continues the trace in <paramref name="traceParent"/> when there is one.</summary>
    public static Activity? StartLinked(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
