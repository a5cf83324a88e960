using Azure;

namespace Pipeline.Core.Storage;

/// <summary>
/// A blob version as one string: its ETag without the quotes, as Event Grid writes it and as the ingestion ledger
/// and the blob-change feed key it.
/// </summary>
public static class BlobVersion
{
    /// <summary>The version of <paramref name="etag"/>; empty when the ETag is unknown.</summary>
    public static string Of(ETag? etag) => etag is { } known ? Of(known.ToString()) : "";

    /// <inheritdoc cref="Of(ETag?)"/>
    public static string Of(string etag) => etag.Trim('"');
}
