namespace Pipeline.Evaluation;

/// <summary>
/// What a paired bootstrap found: the mean per-item difference (ours − baseline), its 95% percentile interval, and the
/// one-sided p-value of "ours is no better" (the share of resamples whose mean difference is ≤ 0).
/// </summary>
public sealed record BootstrapResult(int Count, double MeanDifference, double Lower95, double Upper95, double PValue, int Resamples)
{
    /// <summary>True when ours wins beyond the resampling noise at the given level.</summary>
    public bool Significant(double alpha = 0.05) => MeanDifference > 0 && PValue < alpha;
}

/// <summary>
/// The paired bootstrap over items (Koehn 2004; Berg-Kirkpatrick et al. 2012): resample the items with replacement,
/// keeping each item's pair of scores together, and see how often ours fails to beat the baseline. Deterministic for a
/// given seed (its own SplitMix64 generator, not <see cref="Random"/>, whose sequence is not promised across versions).
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 10_000;
    public const ulong DefaultSeed = 13;

    /// <summary>Compares per-item scores of ours and a baseline on the same items, in the same order.</summary>
    public static BootstrapResult Compare(IReadOnlyList<double> ours, IReadOnlyList<double> baseline, int resamples = DefaultResamples, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(baseline);
        if (ours.Count != baseline.Count)
        {
            throw new ArgumentException($"Paired scores need the same items: {ours.Count} against {baseline.Count}.", nameof(baseline));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var n = ours.Count;
        if (n == 0)
        {
            return new BootstrapResult(0, 0, 0, 0, 1, resamples);
        }

        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = ours[i] - baseline[i];
        }

        var means = new double[resamples];
        var notBetter = 0;
        var state = seed;
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[(int)(Next(ref state) % (ulong)n)];
            }

            means[b] = sum / n;
            if (means[b] <= 0)
            {
                notBetter++;
            }
        }

        Array.Sort(means);
        return new BootstrapResult(
            n,
            differences.Average(),
            means[(int)Math.Floor(0.025 * (resamples - 1))],
            means[(int)Math.Ceiling(0.975 * (resamples - 1))],
            // +1 on both sides: a p-value from resampling is never exactly 0.
            (notBetter + 1.0) / (resamples + 1.0),
            resamples);
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
