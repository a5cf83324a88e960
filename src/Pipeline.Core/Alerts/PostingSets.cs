namespace Pipeline.Core.Alerts;

/// <summary>Set operations on ascending arrays of article ordinals.</summary>
internal static class PostingSets
{
    // Past this ratio of lengths, a merge walks the long list mostly for nothing: gallop through it instead.
    private const int GallopRatio = 8;

    public static ArraySegment<int> Intersect(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length > b.Length)
        {
            var swap = a;
            a = b;
            b = swap;
        }

        if (a.Length == 0)
        {
            return ArraySegment<int>.Empty;
        }

        var result = new int[a.Length];
        var count = 0;
        if (a.Length * GallopRatio < b.Length)
        {
            var j = 0;
            foreach (var x in a)
            {
                j = LowerBound(b, j, x);
                if (j == b.Length)
                {
                    break;
                }

                if (b[j] == x)
                {
                    result[count++] = x;
                }
            }
        }
        else
        {
            int i = 0, k = 0;
            while (i < a.Length && k < b.Length)
            {
                var x = a[i];
                var y = b[k];
                if (x == y)
                {
                    result[count++] = x;
                    i++;
                    k++;
                }
                else if (x < y)
                {
                    i++;
                }
                else
                {
                    k++;
                }
            }
        }

        return new ArraySegment<int>(result, 0, count);
    }

    public static ArraySegment<int> Union(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (b.Length == 0)
        {
            return a.ToArray();
        }

        if (a.Length == 0)
        {
            return b.ToArray();
        }

        var result = new int[a.Length + b.Length];
        int i = 0, k = 0, count = 0;
        while (i < a.Length && k < b.Length)
        {
            var x = a[i];
            var y = b[k];
            if (x <= y)
            {
                result[count++] = x;
                i++;
                if (x == y)
                {
                    k++;
                }
            }
            else
            {
                result[count++] = y;
                k++;
            }
        }

        a[i..].CopyTo(result.AsSpan(count));
        count += a.Length - i;
        b[k..].CopyTo(result.AsSpan(count));
        count += b.Length - k;
        return new ArraySegment<int>(result, 0, count);
    }

    /// <summary>The members of <paramref name="docs"/> whose bit is set (<paramref name="keep"/>) or clear (not <paramref name="keep"/>).</summary>
    public static ArraySegment<int> Filter(ReadOnlySpan<int> docs, ulong[] bits, bool keep)
    {
        var result = new int[docs.Length];
        var count = 0;
        foreach (var d in docs)
        {
            if (((bits[d >> 6] >> (d & 63)) & 1UL) != 0 == keep)
            {
                result[count++] = d;
            }
        }

        return new ArraySegment<int>(result, 0, count);
    }

    /// <summary>The members of <paramref name="a"/> that are not in <paramref name="b"/>.</summary>
    public static ArraySegment<int> Difference(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (b.Length == 0)
        {
            return a.ToArray();
        }

        var result = new int[a.Length];
        int k = 0, count = 0;
        foreach (var x in a)
        {
            k = LowerBound(b, k, x);
            if (k == b.Length || b[k] != x)
            {
                result[count++] = x;
            }
        }

        return new ArraySegment<int>(result, 0, count);
    }

    /// <summary>The first index at or after <paramref name="from"/> whose value is not below <paramref name="value"/>: galloping, then binary search.</summary>
    public static int LowerBound(ReadOnlySpan<int> sorted, int from, int value)
    {
        if (from >= sorted.Length || sorted[from] >= value)
        {
            return from;
        }

        var step = 1;
        var low = from;
        var high = from + 1;
        while (high < sorted.Length && sorted[high] < value)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }

        high = Math.Min(high, sorted.Length);
        // sorted[low] < value, and sorted[high] >= value or high is the end.
        while (low + 1 < high)
        {
            var mid = low + ((high - low) >> 1);
            if (sorted[mid] < value)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }
}
