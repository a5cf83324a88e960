namespace Pipeline.Core.Alerts;

/// <summary>Where in an article a term is looked for.</summary>
public enum AlertField
{
    /// <summary>No prefix: the title, the keywords or the body.</summary>
    Any,

    /// <summary><c>title:</c></summary>
    Title,

    /// <summary><c>keyword:</c>: one of the summary's keywords.</summary>
    Keyword,

    /// <summary><c>body:</c></summary>
    Body,
}

/// <summary>
/// A node of a parsed alert query. The parser keeps a normal form: <see cref="AlertAnd"/> and <see cref="AlertOr"/>
/// have at least two children and never a child of their own kind, every AND has a child that is not an exclusion,
/// an exclusion is only ever a child of an AND, and no OR alternative is an exclusion.
/// </summary>
public abstract record AlertQueryNode
{
    /// <summary>The node as canonical query text.</summary>
    public sealed override string ToString() => AlertQueryPrinter.Print(this);
}

/// <summary>
/// A word, or words that must be adjacent, in a field. Words are folded (lower case, accents removed).
/// <paramref name="Exact"/> is true for a quoted phrase, which is not stemmed; unquoted words, and the parts of an
/// unquoted compound such as <c>mega-prison</c>, are stemmed.
/// </summary>
/// <param name="Field">Where to look.</param>
/// <param name="Phrase">The folded words, joined by single spaces.</param>
/// <param name="Exact">True when the words were quoted.</param>
public sealed record AlertTerm(AlertField Field, string Phrase, bool Exact) : AlertQueryNode
{
    /// <summary>The folded words.</summary>
    public IReadOnlyList<string> Words => Phrase.Split(' ');
}

/// <summary><c>source:host</c>: the article's host is <paramref name="Host"/> or a subdomain of it.</summary>
/// <param name="Host">Lower case, without a trailing dot.</param>
public sealed record AlertSource(string Host) : AlertQueryNode;

/// <summary><c>-x</c>: the article must not match <paramref name="Excluded"/>.</summary>
public sealed record AlertNot(AlertQueryNode Excluded) : AlertQueryNode;

/// <summary>Every child must match (words side by side, or joined by <c>AND</c>).</summary>
public sealed record AlertAnd(IReadOnlyList<AlertQueryNode> Children) : AlertQueryNode
{
    public bool Equals(AlertAnd? other) => other is not null && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => AlertNodeHash.Of(1, Children);
}

/// <summary>At least one child must match (<c>OR</c>).</summary>
public sealed record AlertOr(IReadOnlyList<AlertQueryNode> Children) : AlertQueryNode
{
    public bool Equals(AlertOr? other) => other is not null && Children.SequenceEqual(other.Children);

    public override int GetHashCode() => AlertNodeHash.Of(2, Children);
}

internal static class AlertNodeHash
{
    public static int Of(int kind, IReadOnlyList<AlertQueryNode> children)
    {
        var hash = new HashCode();
        hash.Add(kind);
        foreach (var child in children)
        {
            hash.Add(child);
        }

        return hash.ToHashCode();
    }
}
