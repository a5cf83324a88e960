using System.Diagnostics.Metrics;

namespace Pipeline.Core;

/// <summary>The pipeline's counters, on the <c>Pipeline</c> meter: what was parsed, quarantined, summarised and sent.</summary>
public static class PipelineMetrics
{
    public const string MeterName = "Pipeline";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Articles parsed from incoming files (a duplicate of a stored article counts too, tagged new=false).</summary>
    public static readonly Counter<long> ArticlesParsed = Meter.CreateCounter<long>("pipeline.articles.parsed", "{article}");

    /// <summary>Files quarantined, tagged with the reason code.</summary>
    public static readonly Counter<long> FilesQuarantined = Meter.CreateCounter<long>("pipeline.files.quarantined", "{file}");

    /// <summary>Summaries written, tagged with the method.</summary>
    public static readonly Counter<long> ArticlesSummarised = Meter.CreateCounter<long>("pipeline.articles.summarised", "{article}");

    /// <summary>Digest emails sent.</summary>
    public static readonly Counter<long> DigestsSent = Meter.CreateCounter<long>("pipeline.digests.sent", "{email}");
}
