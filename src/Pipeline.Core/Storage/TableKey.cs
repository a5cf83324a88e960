using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Storage;

/// <summary>Table keys made from arbitrary strings.</summary>
public static class TableKey
{
    /// <summary>A table-key-safe, fixed-length key for any string (blob names may hold '/', '#', '?').</summary>
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
