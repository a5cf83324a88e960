using System.Text;

namespace Pipeline.Evaluation;

/// <summary>One fold of a k-fold split: the items to train (or tune) on and the held-out items to judge on.</summary>
public sealed record Fold<T>(int Index, IReadOnlyList<T> Train, IReadOnlyList<T> Test);

/// <summary>Mean and sample standard deviation of one figure over the folds.</summary>
public sealed record FoldSpread(IReadOnlyList<double> PerFold, double Mean, double StandardDeviation)
{
    public static FoldSpread Of(IReadOnlyList<double> perFold)
    {
        ArgumentNullException.ThrowIfNull(perFold);
        var mean = perFold.Count == 0 ? 0 : perFold.Average();
        var sd = perFold.Count < 2 ? 0 : Math.Sqrt(perFold.Sum(v => (v - mean) * (v - mean)) / (perFold.Count - 1));
        return new FoldSpread(perFold, mean, sd);
    }
}

/// <summary>
/// K-fold cross-validation with folds fixed by a stable hash of each item's id (FNV-1a over its UTF-8 bytes), so an item
/// stays in the same fold across runs, machines and .NET versions, and adding items never moves the others.
/// </summary>
public static class CrossValidation
{
    /// <summary>The fold (0 to <paramref name="folds"/> - 1) of the item with this id.</summary>
    public static int FoldOf(string id, int folds)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        return (int)(StableHash(id) % (ulong)folds);
    }

    /// <summary>Splits <paramref name="items"/> into <paramref name="folds"/> folds; each is held out once, items keep their order.</summary>
    public static IReadOnlyList<Fold<T>> Split<T>(IReadOnlyList<T> items, Func<T, string> id, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(id);
        var of = items.Select(item => FoldOf(id(item), folds)).ToArray();
        return Enumerable.Range(0, folds)
            .Select(f => new Fold<T>(
                f,
                items.Where((_, i) => of[i] != f).ToList(),
                items.Where((_, i) => of[i] == f).ToList()))
            .ToList();
    }

    /// <summary>
    /// 32-bit FNV-1a of the id's UTF-8 bytes: the hash behind the keyword folds and the snippet halves, kept as it was
    /// so that their reported figures keep their folds.
    /// </summary>
    public static uint StableHash32(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    /// <summary>64-bit FNV-1a of the id's UTF-8 bytes (string.GetHashCode is randomised per process).</summary>
    public static ulong StableHash(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
