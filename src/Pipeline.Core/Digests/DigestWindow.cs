using Pipeline.Core.Alerts;

namespace Pipeline.Core.Digests;

/// <summary>One summarised article of a digest window: what the digest shows, when the summary index made it visible (its creation time, unless indexed late), and what alerts match.</summary>
public sealed record WindowArticle(DigestItem Item, DateTimeOffset IndexedAt, MatchableDocument Document)
{
    /// <summary>The article's near-duplicate signature, computed once when it is loaded; null when it has none.</summary>
    public DuplicateSignature? Signature { get; init; }
}

/// <summary>The articles of one alert in a digest, under the alert's heading.</summary>
public sealed record DigestSection(Alert Alert, IReadOnlyList<DigestItem> Items)
{
    /// <summary>How many more articles matched this alert than the email lists ("and N more"); the web copy lists them all.</summary>
    public int More { get; init; }
}

/// <summary>A subscriber's alert ready to match: the alert and its parsed query.</summary>
public sealed record ParsedAlert(Alert Alert, AlertQuery Query);

/// <summary>
/// The articles summarised in one digest window, indexed once (<see cref="ArticleIndex"/>) so that each alert of
/// each subscriber is one <see cref="ArticleIndex.Match"/> over postings, never a loop over articles.
/// </summary>
public sealed class DigestWindow
{
    private readonly IReadOnlyList<WindowArticle> _articles;
    private readonly ArticleIndex _index;
    private readonly Dictionary<string, DuplicateSignature?> _signatures;

    /// <param name="articles">Oldest first: an article's ordinal is its place, so a higher ordinal is newer.</param>
    public DigestWindow(IReadOnlyList<WindowArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _articles = articles;
        _index = ArticleIndex.Build(articles.Select(a => a.Document));
        _signatures = articles.DistinctBy(a => a.Item.ArticleId, StringComparer.Ordinal).ToDictionary(a => a.Item.ArticleId, a => a.Signature, StringComparer.Ordinal);
    }

    /// <summary>The near-duplicate signature of an article of this window, or null.</summary>
    public DuplicateSignature? SignatureOf(string articleId) => _signatures.GetValueOrDefault(articleId);

    public int Count => _articles.Count;

    /// <summary>
    /// What one subscriber's digest holds: the articles indexed at or after <paramref name="since"/>, not yet
    /// delivered, that match one of <paramref name="alerts"/>; each once, under the first alert (in the subscriber's
    /// order) it matches. At most <paramref name="max"/>, the newest; oldest first within a section. Sections come in
    /// alert order, and an alert with no articles has none.
    /// </summary>
    public IReadOnlyList<DigestSection> Select(IReadOnlyList<ParsedAlert> alerts, DateTimeOffset since, IReadOnlySet<string> delivered, int max)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(delivered);
        var firstAlert = new Dictionary<int, int>();
        for (var a = 0; a < alerts.Count; a++)
        {
            foreach (var ordinal in _index.Match(alerts[a].Query))
            {
                var article = _articles[ordinal];
                if (article.IndexedAt >= since && !delivered.Contains(article.Item.ArticleId))
                {
                    firstAlert.TryAdd(ordinal, a);
                }
            }
        }

        // Newest first when choosing, so that a new subscriber to a busy pipeline gets the latest matches, not its history.
        var chosen = firstAlert.OrderByDescending(p => p.Key).Take(max).ToList();
        return chosen
            .GroupBy(p => p.Value)
            .OrderBy(g => g.Key)
            .Select(g => new DigestSection(alerts[g.Key].Alert, g.OrderBy(p => p.Key).Select(p => _articles[p.Key].Item).ToList()))
            .ToList();
    }
}
