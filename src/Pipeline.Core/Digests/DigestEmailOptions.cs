using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Digests;

/// <summary>What a digest email shows, bound from the <c>Digest</c> section.</summary>
public sealed class DigestEmailOptions
{
    public const string Section = "Digest";

    /// <summary>
    /// The most articles the email lists under one alert; the rest are counted as "and N more" and listed in full in
    /// the web copy. All of them count as delivered. Default 10.
    /// </summary>
    [Range(1, 50, ErrorMessage = "Digest:MaxArticlesPerAlert must be between 1 and 50.")]
    public int MaxArticlesPerAlert { get; set; } = 10;
}
