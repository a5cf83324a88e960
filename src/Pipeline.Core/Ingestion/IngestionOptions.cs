using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Ingestion;

/// <summary>Limits on what one dropped file may hold, bound from the <c>Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Files larger than this are quarantined as <c>too-large</c> without being read (default 10 MiB).</summary>
    [Range(1, 1L << 31)]
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The most articles one JSON or JSON Lines file may hold (default 1,000).</summary>
    [Range(1, 100_000)]
    public int MaxArticlesPerFile { get; set; } = 1000;
}
