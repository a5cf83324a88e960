using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Summarisation;

/// <summary>Settings of the local extractive summariser, bound from the <c>Summariser</c> section.</summary>
public sealed class SummariserOptions
{
    public const string Section = "Summariser";

    /// <summary>How many sentences a summary holds (default 3).</summary>
    [Range(1, 20)]
    public int Sentences { get; set; } = 3;

    /// <summary>An optional cap on the summary's words; 0 means no cap.</summary>
    [Range(0, 2000)]
    public int MaxWords { get; set; }

    /// <summary>How many key phrases to keep (default 10).</summary>
    [Range(1, 50)]
    public int Keywords { get; set; } = 10;
}
