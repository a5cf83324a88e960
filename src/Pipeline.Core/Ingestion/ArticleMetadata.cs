using System.Text.Json.Serialization;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// What a file says about its article besides the text: every parser (HTML page metadata, JSON fields, Markdown front
/// matter, a plain-text byline) fills this one record. Every field is optional.
/// </summary>
public sealed record ArticleMetadata
{
    public static ArticleMetadata Empty { get; } = new();

    /// <summary>
    /// The title the file declares in its metadata (page meta tags or title element, a JSON title field, front matter).
    /// <see cref="ParsedArticle.Title"/> is the title the article ends up with, falling back to a heading or the first sentence.
    /// </summary>
    /// <remarks>Not stored: the stored document carries the resolved title already, and two titles would disagree.</remarks>
    [JsonIgnore]
    public string? Title { get; init; }

    public string? Byline { get; init; }
    public DateTimeOffset? Published { get; init; }
    public string? SiteName { get; init; }
    public string? Url { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
}
