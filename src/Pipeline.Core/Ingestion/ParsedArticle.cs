namespace Pipeline.Core.Ingestion;

/// <summary>The format an article file was recognised as.</summary>
public enum ArticleFormat
{
    Text,
    Html,
    Markdown,
    Json,
}

/// <summary>One article as a parser found it: a title and the paragraphs of its body, clutter removed.</summary>
/// <param name="Title">The article's title; never empty (a parser falls back to the first sentence or the file name).</param>
/// <param name="Paragraphs">Body paragraphs in reading order, each trimmed, none empty. Headings, list items and quotes are paragraphs too.</param>
/// <param name="Format">The detected format of the file the article came from.</param>
/// <param name="Metadata">Declared title, byline, date, site, URL, language and tags where the file carried them.</param>
public sealed record ParsedArticle(string Title, IReadOnlyList<string> Paragraphs, ArticleFormat Format, ArticleMetadata Metadata);

/// <summary>Why a file was not turned into articles. <see cref="Code"/> is one of <see cref="RejectionCodes"/>.</summary>
public sealed record Rejection(string Code, string Message);

/// <summary>The stable reason codes a quarantined file carries.</summary>
public static class RejectionCodes
{
    public const string Empty = "empty";
    public const string Binary = "binary";
    public const string TooLarge = "too-large";
    public const string Undecodable = "undecodable";
    public const string NoArticleText = "no-article-text";
    public const string MalformedJson = "malformed-json";
    public const string TooManyArticles = "too-many-articles";

    /// <summary>The parser itself failed (a bug): the file is kept so it can be dropped again after a fix.</summary>
    public const string ParserError = "parser-error";
}

/// <summary>What parsing one file produced: either one or more articles, or a rejection.</summary>
public sealed class ParseOutcome
{
    private ParseOutcome(IReadOnlyList<ParsedArticle> articles, Rejection? rejection)
    {
        Articles = articles;
        Rejection = rejection;
    }

    public IReadOnlyList<ParsedArticle> Articles { get; }

    public Rejection? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    public static ParseOutcome Of(IReadOnlyList<ParsedArticle> articles) => new(articles, null);

    public static ParseOutcome Rejected(string code, string message) => new([], new Rejection(code, message));
}
