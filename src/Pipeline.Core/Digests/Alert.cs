using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Alerts;

namespace Pipeline.Core.Digests;

/// <summary>One of a subscriber's alerts: a name for the digest's heading and the query that picks its articles.</summary>
/// <param name="Id">Stable: derived from the name and the query, so adding the same alert twice adds it once.</param>
/// <param name="Name">What the digest calls it; the query itself when none was given.</param>
/// <param name="Query">An <see cref="AlertQuery"/> in its text form.</param>
public sealed record Alert(string Id, string Name, string Query)
{
    /// <summary>The longest name an alert may have.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Checks and creates an alert. Throws <see cref="FormatException"/> whose message starts with the field at
    /// fault: <c>name: …</c>, or <c>query: …</c> with the <see cref="AlertQueryException"/>'s problem and position.
    /// </summary>
    public static Alert Create(string? name, string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = query.Trim();
        try
        {
            AlertQuery.Parse(query);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"query: {ex.Message}", ex);
        }

        name = string.IsNullOrWhiteSpace(name) ? query : name.Trim();
        if (name.Length > MaxNameLength)
        {
            throw new FormatException($"name: '{name[..20]}…' is longer than {MaxNameLength} characters.");
        }

        return new Alert(IdOf(name, query), name, query);
    }

    private static string IdOf(string name, string query) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + query)))[..8];
}
