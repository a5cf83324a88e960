namespace Pipeline.Core.Alerts;

/// <summary>
/// Evaluates a query plan against an <see cref="ArticleIndex"/> by set algebra on sorted ordinals: an AND starts from
/// its rarest included child and hands the candidates so far to the next, which only filters them (a bit test for a
/// common word, a galloping intersection for a rarer one); an OR unites; an exclusion subtracts what it matches among
/// the candidates. Phrase positions and field ranges are checked only on candidates.
/// </summary>
internal sealed class AlertMatcher(ArticleIndex index)
{
    public int[] Match(AlertPlan plan) => Eval(plan, within: null).ToArray();

    // Sorted ordinals matching plan; only those in within when within is given.
    private ArraySegment<int> Eval(AlertPlan plan, ArraySegment<int>? within) => plan switch
    {
        TermPlan term => EvalTerm(term, within),
        SourcePlan source => within is { } w ? PostingSets.Intersect(w, index.Host(source.Host)) : index.Host(source.Host),
        OrPlan or => EvalOr(or, within),
        AndPlan and => EvalAnd(and, within),
        _ => throw new ArgumentException($"Unknown plan {plan.GetType().Name}.", nameof(plan)),
    };

    private ArraySegment<int> EvalOr(OrPlan or, ArraySegment<int>? within)
    {
        var union = Eval(or.Alternatives[0], within);
        for (var i = 1; i < or.Alternatives.Length; i++)
        {
            union = PostingSets.Union(union, Eval(or.Alternatives[i], within));
        }

        return union;
    }

    private ArraySegment<int> EvalAnd(AndPlan and, ArraySegment<int>? within)
    {
        var included = and.Included;
        var current = within;
        if (included.Length == 1)
        {
            current = Eval(included[0], current);
        }
        else
        {
            // Rarest first, so that every later child only filters a short list.
            Span<long> estimates = stackalloc long[included.Length];
            Span<int> order = stackalloc int[included.Length];
            for (var i = 0; i < included.Length; i++)
            {
                estimates[i] = Estimate(included[i]);
                order[i] = i;
            }

            estimates.Sort(order);
            foreach (var i in order)
            {
                current = Eval(included[i], current);
                if (current.Value.Count == 0)
                {
                    return current.Value;
                }
            }
        }

        var result = current!.Value;
        foreach (var excluded in and.Excluded)
        {
            if (result.Count == 0)
            {
                break;
            }

            result = excluded is TermPlan { Keys.Length: 1, Field: AlertField.Any } word && Bits(word) is { } bits
                ? PostingSets.Filter(result, bits, keep: false)
                : PostingSets.Difference(result, Eval(excluded, result));
        }

        return result;
    }

    private ArraySegment<int> EvalTerm(TermPlan term, ArraySegment<int>? within)
    {
        var postings = term.Exact ? index.Exact : index.Stemmed;
        var keys = term.Keys;
        if (keys.Length == 1)
        {
            var id = index.TermId(keys[0]);
            if (postings.Frequency(id) == 0)
            {
                return ArraySegment<int>.Empty;
            }

            var docs = within is { } w ? Restrict(w, postings, id) : Segment(postings, id);
            return term.Field == AlertField.Any ? docs : InField(docs, postings, id, term.Field);
        }

        var ids = new int[keys.Length];
        var rarest = -1;
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = index.TermId(keys[i]);
            var frequency = postings.Frequency(ids[i]);
            if (frequency == 0)
            {
                return ArraySegment<int>.Empty;
            }

            if (rarest < 0 || frequency < postings.Frequency(ids[rarest]))
            {
                rarest = i;
            }
        }

        // Candidates have every word somewhere; then positions decide.
        var candidates = within is { } inside ? Restrict(inside, postings, ids[rarest]) : Segment(postings, ids[rarest]);
        for (var i = 0; i < ids.Length && candidates.Count > 0; i++)
        {
            if (i != rarest)
            {
                candidates = Restrict(candidates, postings, ids[i]);
            }
        }

        var matched = new int[candidates.Count];
        var count = 0;
        var cursors = new int[ids.Length];
        foreach (var ordinal in candidates)
        {
            // Candidates ascend, so each word's entry for this article is found by galloping on from the last one.
            for (var i = 0; i < ids.Length; i++)
            {
                cursors[i] = PostingSets.LowerBound(postings.DocsOf(ids[i]), cursors[i], ordinal);
            }

            if (HasPhrase(postings, ids, cursors, index.Range(ordinal, term.Field)))
            {
                matched[count++] = ordinal;
            }
        }

        return new ArraySegment<int>(matched, 0, count);
    }

    // The candidates that have term id: a bit test each for a common term, a galloping intersection for a rare one.
    private static ArraySegment<int> Restrict(ArraySegment<int> candidates, ArticleIndex.Postings postings, int id) =>
        postings.BitsOf(id) is { } bits ? PostingSets.Filter(candidates, bits, keep: true) : PostingSets.Intersect(candidates, postings.DocsOf(id));

    private ArraySegment<int> InField(ArraySegment<int> docs, ArticleIndex.Postings postings, int id, AlertField field)
    {
        var matched = new int[docs.Count];
        var count = 0;
        var all = postings.DocsOf(id);
        var cursor = 0;
        foreach (var ordinal in docs)
        {
            cursor = PostingSets.LowerBound(all, cursor, ordinal);
            var (start, end) = index.Range(ordinal, field);
            var positions = postings.PositionsOf(postings.DocStart[id] + cursor);
            var at = PostingSets.LowerBound(positions, 0, start);
            if (at < positions.Length && positions[at] < end)
            {
                matched[count++] = ordinal;
            }
        }

        return new ArraySegment<int>(matched, 0, count);
    }

    private ulong[]? Bits(TermPlan word)
    {
        var postings = word.Exact ? index.Exact : index.Stemmed;
        var id = index.TermId(word.Keys[0]);
        return id < 0 ? null : postings.BitsOf(id);
    }

    // True when the words of ids sit at consecutive positions that start inside [range.Start, range.End);
    // entries[i] is word i's place in its posting list for the article.
    private static bool HasPhrase(ArticleIndex.Postings postings, int[] ids, int[] entries, (int Start, int End) range)
    {
        var first = postings.PositionsOf(postings.DocStart[ids[0]] + entries[0]);
        for (var k = PostingSets.LowerBound(first, 0, range.Start); k < first.Length && first[k] < range.End; k++)
        {
            var all = true;
            for (var i = 1; i < ids.Length && all; i++)
            {
                all = postings.PositionsOf(postings.DocStart[ids[i]] + entries[i]).BinarySearch(first[k] + i) >= 0;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static ArraySegment<int> Segment(ArticleIndex.Postings postings, int id) =>
        new(postings.Docs, postings.DocStart[id], postings.Frequency(id));

    // An upper bound on how many articles plan matches, to intersect the rarest first.
    private long Estimate(AlertPlan plan)
    {
        switch (plan)
        {
            case TermPlan term:
                var postings = term.Exact ? index.Exact : index.Stemmed;
                var least = long.MaxValue;
                foreach (var key in term.Keys)
                {
                    least = Math.Min(least, postings.Frequency(index.TermId(key)));
                }

                return least;
            case SourcePlan source:
                return index.Host(source.Host).Length;
            case OrPlan or:
                return or.Alternatives.Sum(Estimate);
            case AndPlan and:
                return and.Included.Min(Estimate);
            default:
                return long.MaxValue;
        }
    }
}
