using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Gradient-boosted regression trees, each of the same depth and complete, over a row of features: the sum of the
/// leaves a row reaches, plus a bias and, when there is one, a linear model's score of the row (the trees then correct
/// it), is its log-odds. The key-phrase re-ranker uses them (<see cref="KeywordExtractor"/>);
/// <c>pipeline eval keywords --learn</c> fits them and writes them in the text form <see cref="Parse"/> reads.
/// </summary>
/// <remarks>
/// Text form: a first line <c>trees &lt;depth&gt; &lt;bias&gt;</c>, optionally a line <c>linear &lt;w0&gt; &lt;w1&gt; …</c>
/// (one weight a feature), then one line a tree: its 2^depth − 1 splits in
/// breadth-first order as <c>feature:threshold</c> (a row goes right when its feature is above the threshold), then
/// <c>|</c> and its 2^depth leaves, left to right. Lines starting with <c>#</c> are comments. Numbers are invariant.
/// </remarks>
public sealed class BoostedTrees
{
    private readonly int[] _features;
    private readonly double[] _thresholds;
    private readonly double[] _leaves;
    private readonly double[]? _linear;

    /// <summary>A linear model alone: no trees.</summary>
    public BoostedTrees(IReadOnlyList<double> linear)
        : this(1, 0, [], [], [], [.. linear])
    {
    }

    public BoostedTrees(int depth, double bias, int[] features, double[] thresholds, double[] leaves, double[]? linear = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 10);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(leaves);
        var splits = SplitsOf(depth);
        if (features.Length != thresholds.Length || features.Length % splits != 0 || leaves.Length != features.Length / splits * (splits + 1))
        {
            throw new ArgumentException($"Trees of depth {depth} need {splits} splits and {splits + 1} leaves each.", nameof(leaves));
        }

        Depth = depth;
        Bias = bias;
        _features = features;
        _thresholds = thresholds;
        _leaves = leaves;
        _linear = linear;
        MaxFeature = Math.Max(features.Length == 0 ? -1 : features.Max(), (linear?.Length ?? 0) - 1);
    }

    public int Depth { get; }

    public double Bias { get; }

    public int Count => _features.Length / Splits;

    /// <summary>Splits a tree has: every node above its leaves.</summary>
    private int Splits => SplitsOf(Depth);

    /// <summary>The highest feature index a split or the linear part reads: a row must be longer than that.</summary>
    public int MaxFeature { get; }

    private static int SplitsOf(int depth) => (1 << depth) - 1;

    /// <summary>The log-odds of a row.</summary>
    public double Score(ReadOnlySpan<double> row)
    {
        if (row.Length <= MaxFeature || (_linear is not null && row.Length != _linear.Length))
        {
            throw new ArgumentException($"The model was fitted on rows of {(_linear?.Length ?? MaxFeature + 1)} features; this row has {row.Length}. Fit it again (pipeline eval keywords --learn).", nameof(row));
        }

        var splits = Splits;
        var sum = Bias;
        if (_linear is not null)
        {
            for (var f = 0; f < _linear.Length; f++)
            {
                sum += _linear[f] * row[f];
            }
        }

        // Four trees at a time: the four walks do not wait for each other, which takes about a quarter off the time
        // (a walk is a chain of dependent reads), and their leaves are still added in the trees' order, so the sum is the
        // same to the last bit as walking one tree after another.
        var count = Count;
        var t = 0;
        for (; t + 4 <= count; t += 4)
        {
            int a = 0, b = 0, c = 0, e = 0;
            int atA = t * splits, atB = atA + splits, atC = atB + splits, atE = atC + splits;
            for (var d = 0; d < Depth; d++)
            {
                a = Down(row, atA, a);
                b = Down(row, atB, b);
                c = Down(row, atC, c);
                e = Down(row, atE, e);
            }

            sum += Leaf(t, a, splits);
            sum += Leaf(t + 1, b, splits);
            sum += Leaf(t + 2, c, splits);
            sum += Leaf(t + 3, e, splits);
        }

        for (; t < count; t++)
        {
            var node = 0;
            for (var d = 0; d < Depth; d++)
            {
                node = Down(row, t * splits, node);
            }

            sum += Leaf(t, node, splits);
        }

        return sum;
    }

    /// <summary>The child of split <paramref name="node"/> of the tree whose splits start at <paramref name="offset"/> that the row goes to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Down(ReadOnlySpan<double> row, int offset, int node) =>
        (2 * node) + 1 + (row[_features[offset + node]] > _thresholds[offset + node] ? 1 : 0);

    /// <summary>The value of the leaf a walk of tree <paramref name="tree"/> ended at (<paramref name="node"/> counts splits first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Leaf(int tree, int node, int splits) => _leaves[(tree * (splits + 1)) + node - splits];

    /// <summary>Reads trees embedded in this assembly.</summary>
    public static BoostedTrees FromResource(string name)
    {
        using var reader = EmbeddedText.Open(name);
        return Parse(reader);
    }

    /// <summary>Reads the text form (see the remarks).</summary>
    public static BoostedTrees Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int? depth = null;
        var bias = 0.0;
        var features = new List<int>();
        var thresholds = new List<double>();
        var leaves = new List<double>();
        double[]? linear = null;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (depth is null)
            {
                if (parts is not ["trees", var d, var b] || !int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    || !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out bias))
                {
                    throw new FormatException($"Line {number}: expected 'trees <depth> <bias>'.");
                }

                depth = parsed;
                continue;
            }

            if (parts[0] == "linear" && linear is null && features.Count == 0)
            {
                linear = [.. parts.Skip(1).Select(w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight)
                    ? weight
                    : throw new FormatException($"Line {number}: weight '{w}' is not a number."))];
                continue;
            }

            var splits = SplitsOf(depth.Value);
            if (parts.Length != splits + 1 + splits + 1 || parts[splits] != "|")
            {
                throw new FormatException($"Line {number}: a tree of depth {depth} has {splits} splits, '|' and {splits + 1} leaves.");
            }

            for (var i = 0; i < splits; i++)
            {
                var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !int.TryParse(parts[i].AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var feature)
                    || !double.TryParse(parts[i].AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
                {
                    throw new FormatException($"Line {number}: split {i + 1} is not 'feature:threshold'.");
                }

                features.Add(feature);
                thresholds.Add(threshold);
            }

            for (var i = splits + 1; i < parts.Length; i++)
            {
                leaves.Add(double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var leaf)
                    ? leaf
                    : throw new FormatException($"Line {number}: leaf '{parts[i]}' is not a number."));
            }
        }

        return depth is { } found
            ? new BoostedTrees(found, bias, [.. features], [.. thresholds], [.. leaves], linear)
            : throw new FormatException("No 'trees <depth> <bias>' line.");
    }

    /// <summary>The text form (see the remarks), exact to the last bit, so that <see cref="Parse"/> gives back the same scores.</summary>
    public string Format(string? comment = null)
    {
        var text = new StringBuilder();
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n'))
            {
                text.Append("# ").Append(line.TrimEnd()).Append('\n');
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"trees {Depth} {Bias:R}\n");
        if (_linear is not null)
        {
            text.Append("linear");
            foreach (var weight in _linear)
            {
                text.Append(CultureInfo.InvariantCulture, $" {weight:R}");
            }

            text.Append('\n');
        }

        var splits = Splits;
        for (var t = 0; t < Count; t++)
        {
            for (var i = 0; i < splits; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{_features[(t * splits) + i]}:{_thresholds[(t * splits) + i]:R} ");
            }

            text.Append('|');
            for (var i = 0; i <= splits; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {_leaves[(t * (splits + 1)) + i]:R}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
