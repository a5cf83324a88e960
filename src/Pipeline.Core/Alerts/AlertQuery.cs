namespace Pipeline.Core.Alerts;

/// <summary>
/// A subscriber's alert, in the syntax search engines taught people:
/// <list type="bullet">
/// <item>words side by side must all appear; <c>AND</c> between them says the same;</item>
/// <item><c>OR</c> between terms needs one of them, and binds tighter than AND, as in Google:
/// <c>a b OR c</c> is <c>a AND (b OR c)</c>; parentheses group: <c>(a b) OR c</c>;</item>
/// <item><c>"exact phrase"</c>: the words side by side, not stemmed;</item>
/// <item><c>-word</c>, <c>-"phrase"</c>, <c>-(a OR b)</c>: the article must not have it;</item>
/// <item><c>title:</c>, <c>keyword:</c> and <c>body:</c> before a word or phrase look only there; no prefix looks in
/// all three; <c>source:reuters.com</c> matches articles from that host or a subdomain of it.</item>
/// </list>
/// Only upper-case <c>AND</c> and <c>OR</c> are operators; quote them to find the words. Matching is on whole words,
/// ignoring case and accents; unquoted words match their English plurals and singulars (the S-stemmer of
/// <see cref="AlertText.Stem"/>), so <c>prison</c> finds "prisons". A query must include at least one term, and an
/// exclusion cannot be an OR alternative. Punctuation on its own, such as <c>&amp;</c>, is ignored.
/// </summary>
public sealed class AlertQuery
{
    private AlertQuery(string text, AlertQueryNode root)
    {
        Text = text;
        Root = root;
        Plan = AlertPlan.Of(root);
    }

    /// <summary>The query as the subscriber wrote it.</summary>
    public string Text { get; }

    /// <summary>The parsed query.</summary>
    public AlertQueryNode Root { get; }

    /// <summary>The query ready to evaluate against any index.</summary>
    internal AlertPlan Plan { get; }

    /// <summary>Reads a query; throws <see cref="AlertQueryException"/> naming the problem and its position when it is malformed.</summary>
    public static AlertQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new AlertQuery(query, AlertQueryParser.Parse(query));
    }

    /// <summary>True when the article matches; the same evaluation as <see cref="ArticleIndex.Match"/>, over one article.</summary>
    public bool Matches(MatchableText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Index.Match(this).Length > 0;
    }

    /// <summary>The canonical text of the query (see <see cref="AlertQueryPrinter"/>).</summary>
    public override string ToString() => AlertQueryPrinter.Print(Root);
}
