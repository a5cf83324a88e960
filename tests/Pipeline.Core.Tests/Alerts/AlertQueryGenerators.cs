using CsCheck;
using Pipeline.Core.Alerts;

namespace Pipeline.Core.Tests.Alerts;

/// <summary>Random queries (in the parser's normal form), query strings and documents over a small vocabulary, so that matches are common.</summary>
internal static class AlertQueryGenerators
{
    // Folded query words: singulars and plurals, a word kept unstemmed ("news") beside "new", and "and".
    private static readonly string[] QueryWords = ["prison", "prisons", "court", "smog", "delhi", "policy", "policies", "cafe", "box", "boxes", "news", "new", "and"];

    // Document words: the same with capitals, accents and plural forms the query side does not have.
    private static readonly string[] DocumentWords = ["prison", "Prisons", "PRISON", "court", "Courts", "smog", "Delhi", "policy", "Policies", "café", "Cafés", "box", "boxes", "news", "new", "and"];

    private static readonly string[] QueryHosts = ["reuters.com", "www.reuters.com", "bbc.co.uk", "co.uk", "com"];

    private static readonly string?[] DocumentSources = ["https://www.reuters.com/x", "reuters.com", "news.bbc.co.uk", "bbc.co.uk", "notreuters.com", null];

    private static readonly string[] Joiners = [" ", " ", " ", ", ", " - ", "'s ", "-", ". "];

    private static readonly string[] QueryPieces =
        ["prison", "Prisons", "café", "x-y", "40,000", "AND", "OR", "and", "(", ")", "-", "\"", "title:", "keyword:", "source:", "source:bbc.co.uk", "foo:", "&", ":", "“", "smog"];

    public static readonly Gen<AlertQueryNode> Leaf = Gen.Frequency(
        (6, Gen.Select(Gen.Enum<AlertField>(), Gen.OneOf(QueryWords).Array[1, 3], Gen.Bool, (field, words, exact) => (AlertQueryNode)new AlertTerm(field, string.Join(' ', words), exact))),
        (1, Gen.OneOf(QueryHosts).Select(host => (AlertQueryNode)new AlertSource(host))));

    /// <summary>A query that the parser could have produced: see <see cref="AlertQueryNode"/> for the normal form.</summary>
    public static readonly Gen<AlertQueryNode> Query = Gen.Recursive<AlertQueryNode>((depth, node) => depth >= 3
        ? Leaf
        : Gen.Frequency(
            (4, Leaf),
            (2, Gen.Select(node.Array[1, 3], node.Array[0, 2], Gen.Bool, And)),
            (2, node.Array[2, 3].Select(Or))));

    public static readonly Gen<MatchableDocument> Document = Gen.Select(
        Text(2, 6),
        Text(1, 3).Array[0, 2],
        Text(3, 12).Array[1, 3],
        Gen.OneOf(DocumentSources),
        (title, keywords, body, source) => new MatchableDocument(title, keywords, body, source));

    /// <summary>Strings made of query-like pieces, many of them malformed.</summary>
    public static readonly Gen<string> QueryText = Gen.Select(Gen.OneOf(QueryPieces), Gen.OneOf(" ", "", " ", "  ")).Array[1, 8]
        .Select(pieces => string.Concat(pieces.Select(p => p.Item1 + p.Item2)));

    private static Gen<string> Text(int min, int max) =>
        Gen.Select(Gen.OneOf(DocumentWords), Gen.OneOf(Joiners)).Array[min, max]
            .Select(words => string.Concat(words.Select(w => w.Item1 + w.Item2)));

    private static AlertQueryNode And(AlertQueryNode[] included, AlertQueryNode[] excluded, bool excludedFirst)
    {
        var positives = included.SelectMany(n => n is AlertAnd a ? a.Children : [n]).ToList();
        var negatives = excluded.Select(n => (AlertQueryNode)new AlertNot(n)).ToList();
        if (positives.Count == 1 && negatives.Count == 0)
        {
            return positives[0];
        }

        return new AlertAnd(excludedFirst ? [.. negatives, .. positives] : [.. positives, .. negatives]);
    }

    private static AlertQueryNode Or(AlertQueryNode[] alternatives) =>
        new AlertOr([.. alternatives.SelectMany(n => n is AlertOr o ? o.Children : [n])]);
}
