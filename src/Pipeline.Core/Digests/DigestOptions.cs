using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Digests;

/// <summary>
/// When the digest pass runs. Bound from the configuration root, because the timer trigger resolves the same key
/// (<c>%DigestSchedule%</c>) there; the default here is the only default.
/// </summary>
public sealed class DigestOptions
{
    /// <summary>
    /// When the digest timer fires: an NCRONTAB expression with six fields (seconds first) or five (minutes
    /// first), as the timer trigger reads it. Default: every 15 minutes.
    /// </summary>
    [Required]
    public string DigestSchedule { get; set; } = "0 */15 * * * *";
}
