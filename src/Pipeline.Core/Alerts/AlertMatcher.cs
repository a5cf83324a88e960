namespace Pipeline.Core.Alerts;

/// <summary>
/// Evaluates a query against an <see cref="ArticleIndex"/> by set algebra on sorted ordinals: AND intersects,
/// rarest child first, and hands each child the candidates so far; OR unites; an exclusion subtracts what it
/// matches among the candidates. Phrase positions and field ranges are checked only on candidates.
/// </summary>
internal sealed class AlertMatcher(ArticleIndex index)
{
    public int[] Match(AlertQueryNode root) => Eval(root, within: null).ToArray();

    // Sorted ordinals matching node; only those in within when within is given.
    private ArraySegment<int> Eval(AlertQueryNode node, ArraySegment<int>? within)
    {
        switch (node)
        {
            case AlertTerm term:
                return EvalTerm(term, within);
            case AlertSource source:
                var hosts = index.Host(source.Host);
                return within is { } w ? PostingSets.Intersect(w, hosts) : hosts;
            case AlertOr or:
                var union = Eval(or.Children[0], within);
                for (var i = 1; i < or.Children.Count; i++)
                {
                    union = PostingSets.Union(union, Eval(or.Children[i], within));
                }

                return union;
            case AlertAnd and:
                return EvalAnd(and, within);
            default:
                throw new InvalidOperationException($"A {node.GetType().Name} cannot be matched on its own; the parser only puts exclusions inside an AND.");
        }
    }

    private ArraySegment<int> EvalAnd(AlertAnd and, ArraySegment<int>? within)
    {
        var positives = new List<(long Estimate, AlertQueryNode Node)>(and.Children.Count);
        foreach (var child in and.Children)
        {
            if (child is not AlertNot)
            {
                positives.Add((Estimate(child), child));
            }
        }

        positives.Sort((a, b) => a.Estimate.CompareTo(b.Estimate));
        var current = within;
        foreach (var (_, child) in positives)
        {
            current = Eval(child, current);
            if (current.Value.Count == 0)
            {
                return current.Value;
            }
        }

        var result = current!.Value;
        foreach (var child in and.Children)
        {
            if (child is AlertNot not)
            {
                result = PostingSets.Difference(result, Eval(not.Excluded, result));
                if (result.Count == 0)
                {
                    break;
                }
            }
        }

        return result;
    }

    private ArraySegment<int> EvalTerm(AlertTerm term, ArraySegment<int>? within)
    {
        var postings = term.Exact ? index.Exact : index.Stemmed;
        var words = term.Words;
        var ids = new int[words.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = index.TermId(term.Exact ? words[i] : AlertText.Stem(words[i]));
            if (postings.Frequency(ids[i]) == 0)
            {
                return ArraySegment<int>.Empty;
            }
        }

        if (ids.Length == 1 && term.Field == AlertField.Any)
        {
            var docs = postings.DocsOf(ids[0]);
            return within is { } w ? PostingSets.Intersect(w, docs) : Segment(postings, ids[0]);
        }

        // Candidates have every word somewhere; then positions decide.
        var order = ids.Distinct().OrderBy(postings.Frequency).ToArray();
        var candidates = within ?? Segment(postings, order[0]);
        foreach (var id in within is null ? order.Skip(1) : order)
        {
            candidates = PostingSets.Intersect(candidates, postings.DocsOf(id));
            if (candidates.Count == 0)
            {
                return candidates;
            }
        }

        var matched = new int[candidates.Count];
        var count = 0;
        foreach (var ordinal in candidates)
        {
            if (HasPhrase(postings, ids, ordinal, index.Range(ordinal, term.Field)))
            {
                matched[count++] = ordinal;
            }
        }

        return new ArraySegment<int>(matched, 0, count);
    }

    // True when the words of ids sit at consecutive positions that start inside [range.Start, range.End).
    private static bool HasPhrase(ArticleIndex.Postings postings, int[] ids, int ordinal, (int Start, int End) range)
    {
        var first = PositionsIn(postings, ids[0], ordinal);
        var from = PostingSets.LowerBound(first, 0, range.Start);
        for (var k = from; k < first.Length && first[k] < range.End; k++)
        {
            var p = first[k];
            var all = true;
            for (var i = 1; i < ids.Length && all; i++)
            {
                all = PositionsIn(postings, ids[i], ordinal).BinarySearch(p + i) >= 0;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<int> PositionsIn(ArticleIndex.Postings postings, int id, int ordinal)
    {
        var entry = postings.DocStart[id] + postings.DocsOf(id).BinarySearch(ordinal);
        return postings.PositionsOf(entry);
    }

    private static ArraySegment<int> Segment(ArticleIndex.Postings postings, int id) =>
        new(postings.Docs, postings.DocStart[id], postings.Frequency(id));

    // An upper bound on how many articles node matches, to intersect the rarest first.
    private long Estimate(AlertQueryNode node) => node switch
    {
        AlertTerm term => term.Words.Min(w => (long)(term.Exact ? index.Exact : index.Stemmed).Frequency(index.TermId(term.Exact ? w : AlertText.Stem(w)))),
        AlertSource source => index.Host(source.Host).Length,
        AlertOr or => or.Children.Sum(Estimate),
        AlertAnd and => and.Children.Where(c => c is not AlertNot).Min(Estimate),
        _ => long.MaxValue,
    };
}
