namespace Pipeline.Core.Alerts;

/// <summary>An article as alert queries see it: its title, the summary's keywords, the body's paragraphs and where it came from.</summary>
/// <param name="Title">The headline.</param>
/// <param name="Keywords">Each keyword is matched on its own, so a phrase never runs from one keyword into the next.</param>
/// <param name="Body">Paragraphs; a phrase never runs from one paragraph into the next.</param>
/// <param name="Source">The article's URL or host name, for <c>source:</c>; null when unknown.</param>
public sealed record MatchableDocument(string Title, IReadOnlyList<string> Keywords, IReadOnlyList<string> Body, string? Source = null);

/// <summary>One article prepared once for matching many queries: a one-article <see cref="ArticleIndex"/>.</summary>
public sealed class MatchableText
{
    public MatchableText(string title, IEnumerable<string> keywords, IEnumerable<string> body, string? source = null)
        : this(new MatchableDocument(title, [.. keywords], [.. body], source))
    {
    }

    public MatchableText(MatchableDocument document) => Index = ArticleIndex.Build([document]);

    /// <summary>The index of this one article, ordinal 0.</summary>
    public ArticleIndex Index { get; }
}
