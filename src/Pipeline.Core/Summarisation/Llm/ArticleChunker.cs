namespace Pipeline.Core.Summarisation.Llm;

/// <summary>Cuts an article's paragraphs into chunks of at most a token budget each, at paragraph boundaries where it can.</summary>
public static class ArticleChunker
{
    /// <summary>
    /// The chunks, in reading order, at most <paramref name="maxChunks"/> of them; <c>Truncated</c> is true when text
    /// past the last chunk was left out.
    /// </summary>
    public static (IReadOnlyList<IReadOnlyList<string>> Chunks, bool Truncated) Split(IReadOnlyList<string> paragraphs, int chunkTokens, int maxChunks)
    {
        var chunks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var used = 0;
        foreach (var piece in paragraphs.SelectMany(p => Pieces(p, chunkTokens)))
        {
            if (used + piece.Tokens > chunkTokens && current.Count > 0)
            {
                chunks.Add(current);
                current = [];
                used = 0;
            }

            current.Add(piece.Text);
            used += piece.Tokens;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks.Count > maxChunks ? (chunks.Take(maxChunks).ToList(), true) : (chunks, false);
    }

    /// <summary>A paragraph as is, or cut into budget-sized pieces when it alone is over the budget.</summary>
    private static IEnumerable<(string Text, int Tokens)> Pieces(string paragraph, int chunkTokens)
    {
        var rest = paragraph;
        var tokens = TokenCounter.Count(rest);
        while (tokens > chunkTokens)
        {
            var cut = Math.Max(1, TokenCounter.PrefixLength(rest, chunkTokens));
            var head = rest[..cut];
            yield return (head, TokenCounter.Count(head));
            rest = rest[cut..];
            tokens = TokenCounter.Count(rest);
        }

        if (rest.Length > 0)
        {
            yield return (rest, tokens);
        }
    }
}
