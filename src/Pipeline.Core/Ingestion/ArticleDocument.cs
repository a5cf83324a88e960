using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Ingestion;

/// <summary>A parsed article as stored in <c>articles/{Id}.json</c>.</summary>
public sealed record ArticleDocument
{
    /// <summary>Derived from the normalised body text, so the same article under any name or markup has one id.</summary>
    public required string Id { get; init; }

    /// <summary>Every source blob name that produced this article, in the order they arrived.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<string> Paragraphs { get; init; }

    public required ArticleFormat Format { get; init; }

    /// <summary>SHA-256 of the normalised text, hex.</summary>
    public required string ContentHash { get; init; }

    public required int WordCount { get; init; }

    public required DateTimeOffset IngestedAt { get; init; }

    public ArticleMetadata Metadata { get; init; } = ArticleMetadata.Empty;

    /// <summary>Builds the stored document for a parsed article that arrived in <paramref name="source"/>.</summary>
    public static ArticleDocument From(ParsedArticle article, string source, DateTimeOffset ingestedAt)
    {
        var hash = ContentHashOf(article);
        return new ArticleDocument
        {
            Id = hash[..16],
            Sources = [source],
            Title = article.Title,
            Paragraphs = article.Paragraphs,
            Format = article.Format,
            ContentHash = hash,
            WordCount = article.Paragraphs.Sum(CountWords),
            IngestedAt = ingestedAt,
            Metadata = article.Metadata,
        };
    }

    /// <summary>
    /// The hash of the body with case, whitespace, Unicode composition and quote styles folded away: two copies of
    /// an article that differ only in those (or in markup, which the parsers remove) hash alike.
    /// </summary>
    public static string ContentHashOf(ParsedArticle article)
    {
        var text = new StringBuilder();
        foreach (var paragraph in article.Paragraphs)
        {
            foreach (var word in paragraph.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append(TextFolding.FoldQuotes(word).ToLowerInvariant()).Append(' ');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static int CountWords(string paragraph) =>
        paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
