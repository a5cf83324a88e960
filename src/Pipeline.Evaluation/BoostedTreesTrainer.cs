using Pipeline.Core.Summarisation;

namespace Pipeline.Evaluation;

/// <summary>How <see cref="BoostedTreesTrainer"/> grows its trees.</summary>
/// <param name="Trees">How many trees.</param>
/// <param name="Depth">Every tree's depth (complete trees: 2^depth leaves).</param>
/// <param name="LearningRate">The shrinkage of each tree's leaves.</param>
/// <param name="MinLeafRows">The fewest training rows on either side of a split.</param>
/// <param name="Bins">Split thresholds tried per feature: its quantiles over the training rows.</param>
/// <param name="OnLinear">Whether the trees correct a logistic regression fitted first (for the key-phrase re-ranker).</param>
/// <param name="Rank">
/// Whether the trees rank the rows of each group (LambdaRank: pairwise logistic loss between a group's positive and
/// negative rows, each pair weighed by how much swapping the two would change the group's NDCG) instead of predicting
/// each row's label on its own.
/// </param>
public sealed record TreeSettings(int Trees = 150, int Depth = 3, double LearningRate = 0.1, int MinLeafRows = 50, int Bins = 32, bool OnLinear = false, bool Rank = false)
{
    /// <summary>A setting from <c>trees,depth,rate,minLeaf[,linear][,rank]</c>, as <c>eval keywords --tree-settings</c> takes it.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TreeSettings? settings)
    {
        settings = null;
        var parts = (text ?? string.Empty).Split(',');
        var flags = parts.Skip(4).ToList();
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length < 4 || flags.Except(["linear", "rank"]).Any() || flags.Distinct().Count() != flags.Count
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, c, out var trees)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, c, out var depth) || depth is < 1 or > 10
            || !double.TryParse(parts[2], System.Globalization.NumberStyles.Float, c, out var rate) || rate <= 0
            || !int.TryParse(parts[3], System.Globalization.NumberStyles.None, c, out var minLeaf))
        {
            return false;
        }

        settings = new TreeSettings(trees, depth, rate, minLeaf, OnLinear: flags.Contains("linear"), Rank: flags.Contains("rank"));
        return true;
    }
}

/// <summary>
/// Fits gradient-boosted trees for the logistic loss (Newton steps: each leaf is the sum of its rows' gradients over
/// the sum of their Hessians plus 1), with weighted rows and quantile-binned split search. Deterministic: the same
/// rows give the same trees on every machine, so a test can check that the shipped trees are what it fits.
/// </summary>
public static class BoostedTreesTrainer
{
    /// <summary>
    /// Fits trees whose score is the log-odds of <paramref name="labels"/>; with <paramref name="linear"/> weights, the
    /// trees start from that linear model's scores and correct them (the linear model is part of the result). With
    /// <see cref="TreeSettings.Rank"/>, <paramref name="groups"/> names each row's group (a text, for key phrases) and
    /// the score only orders the rows of a group.
    /// </summary>
    public static BoostedTrees Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, IReadOnlyList<double> weights, TreeSettings settings, double[]? linear = null, IReadOnlyList<int>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(settings);
        if (rows.Count == 0 || labels.Count != rows.Count || weights.Count != rows.Count)
        {
            throw new ArgumentException("Rows, labels and weights must be non-empty and of the same length.", nameof(rows));
        }

        if (settings.Rank && (groups is null || groups.Count != rows.Count))
        {
            throw new ArgumentException("Ranking needs every row's group.", nameof(groups));
        }

        // A row's bin is kept in a byte.
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Bins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Bins, 256);

        var n = rows.Count;
        var m = rows[0].Length;
        var depth = settings.Depth;
        var splits = (1 << depth) - 1;
        var thresholds = new double[m][];
        var bins = new byte[n * m];
        for (var j = 0; j < m; j++)
        {
            var sorted = rows.Select(r => r[j]).Order().ToArray();
            thresholds[j] = [.. Enumerable.Range(1, settings.Bins - 1).Select(q => sorted[(int)((long)q * (n - 1) / settings.Bins)]).Distinct()];
            for (var i = 0; i < n; i++)
            {
                var b = Array.BinarySearch(thresholds[j], rows[i][j]);
                bins[(i * m) + j] = (byte)(b >= 0 ? b : ~b);
            }
        }

        var positive = 0.0;
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            positive += labels[i] ? weights[i] : 0;
            total += weights[i];
        }

        var prior = Math.Clamp(positive / total, 1e-6, 1 - 1e-6);
        var bias = linear is null ? Math.Log(prior / (1 - prior)) : 0;
        var margin = linear is null ? Enumerable.Repeat(bias, n).ToArray() : [.. rows.Select(r => LogisticRegression.Score(linear, r))];
        var node = new int[n];
        var gradient = new double[n];
        var hessian = new double[n];
        var features = new List<int>();
        var cuts = new List<double>();
        var leaves = new List<double>();
        var members = settings.Rank ? groups!.Select((g, i) => (g, i)).GroupBy(x => x.g).Select(x => x.Select(y => y.i).ToArray()).ToArray() : [];
        for (var t = 0; t < settings.Trees; t++)
        {
            if (settings.Rank)
            {
                Array.Clear(gradient);
                Array.Clear(hessian);
                foreach (var group in members)
                {
                    AddPairGradients(group, margin, labels, weights, gradient, hessian);
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var p = 1 / (1 + Math.Exp(-margin[i]));
                    gradient[i] = weights[i] * ((labels[i] ? 1 : 0) - p);
                    hessian[i] = weights[i] * p * (1 - p);
                }
            }

            Array.Clear(node);

            var treeFeatures = new int[splits];
            var treeCuts = new double[splits];
            for (var d = 0; d < depth; d++)
            {
                var first = (1 << d) - 1;
                var count = 1 << d;
                var g = new double[count * m * settings.Bins];
                var h = new double[g.Length];
                var c = new int[g.Length];
                for (var i = 0; i < n; i++)
                {
                    var at = (node[i] - first) * m * settings.Bins;
                    for (var j = 0; j < m; j++)
                    {
                        var cell = at + (j * settings.Bins) + bins[(i * m) + j];
                        g[cell] += gradient[i];
                        h[cell] += hessian[i];
                        c[cell]++;
                    }
                }

                for (var k = 0; k < count; k++)
                {
                    (treeFeatures[first + k], treeCuts[first + k]) = BestSplit(g, h, c, k * m * settings.Bins, m, settings.Bins, thresholds, settings.MinLeafRows);
                }

                for (var i = 0; i < n; i++)
                {
                    var at = node[i];
                    node[i] = (2 * at) + 1 + (rows[i][treeFeatures[at]] > treeCuts[at] ? 1 : 0);
                }
            }

            var leafGradient = new double[splits + 1];
            var leafHessian = new double[splits + 1];
            for (var i = 0; i < n; i++)
            {
                leafGradient[node[i] - splits] += gradient[i];
                leafHessian[node[i] - splits] += hessian[i];
            }

            var treeLeaves = new double[splits + 1];
            for (var l = 0; l <= splits; l++)
            {
                treeLeaves[l] = settings.LearningRate * leafGradient[l] / (leafHessian[l] + 1);
            }

            for (var i = 0; i < n; i++)
            {
                margin[i] += treeLeaves[node[i] - splits];
            }

            features.AddRange(treeFeatures);
            cuts.AddRange(treeCuts);
            leaves.AddRange(treeLeaves);
        }

        return new BoostedTrees(depth, bias, [.. features], [.. cuts], [.. leaves], linear);
    }

    /// <summary>
    /// LambdaRank's gradients for one group: for every positive row i and negative row j, the pairwise logistic loss of
    /// ordering i above j, weighed by |ΔNDCG|, the change in the group's NDCG (binary gains, ranks by the current
    /// scores) if the two swapped places. A group with no positive or no negative row adds nothing.
    /// </summary>
    private static void AddPairGradients(int[] group, double[] margin, IReadOnlyList<bool> labels, IReadOnlyList<double> weights, double[] gradient, double[] hessian)
    {
        var positives = group.Count(i => labels[i]);
        if (positives == 0 || positives == group.Length)
        {
            return;
        }

        var order = group.OrderByDescending(i => margin[i]).ThenBy(i => i).ToArray();
        var discount = new Dictionary<int, double>(group.Length);
        for (var r = 0; r < order.Length; r++)
        {
            discount[order[r]] = 1 / Math.Log2(r + 2);
        }

        var ideal = Enumerable.Range(0, positives).Sum(r => 1 / Math.Log2(r + 2));
        foreach (var i in group.Where(i => labels[i]))
        {
            foreach (var j in group.Where(j => !labels[j]))
            {
                var delta = Math.Abs(discount[i] - discount[j]) / ideal;
                var rho = 1 / (1 + Math.Exp(margin[i] - margin[j]));
                var weight = weights[i] * delta;
                gradient[i] += weight * rho;
                gradient[j] -= weight * rho;
                hessian[i] += weight * rho * (1 - rho);
                hessian[j] += weight * rho * (1 - rho);
            }
        }
    }

    /// <summary>
    /// The split of one node with the largest gain in the second-order objective; a node that cannot be split with
    /// enough rows on both sides sends every row left (feature 0 at +∞).
    /// </summary>
    private static (int Feature, double Threshold) BestSplit(double[] g, double[] h, int[] c, int at, int m, int binCount, double[][] thresholds, int minLeaf)
    {
        double gTotal = 0, hTotal = 0;
        var cTotal = 0;
        for (var b = 0; b < binCount; b++)
        {
            gTotal += g[at + b];
            hTotal += h[at + b];
            cTotal += c[at + b];
        }

        var best = 0.0;
        var feature = 0;
        var threshold = double.PositiveInfinity;
        for (var j = 0; j < m; j++)
        {
            double gLeft = 0, hLeft = 0;
            var cLeft = 0;
            var cell = at + (j * binCount);
            for (var b = 0; b < thresholds[j].Length; b++)
            {
                gLeft += g[cell + b];
                hLeft += h[cell + b];
                cLeft += c[cell + b];
                if (cLeft < minLeaf || cTotal - cLeft < minLeaf)
                {
                    continue;
                }

                var gRight = gTotal - gLeft;
                var hRight = hTotal - hLeft;
                var gain = (gLeft * gLeft / (hLeft + 1)) + (gRight * gRight / (hRight + 1)) - (gTotal * gTotal / (hTotal + 1));
                if (gain > best)
                {
                    best = gain;
                    feature = j;
                    threshold = thresholds[j][b];
                }
            }
        }

        return (feature, threshold);
    }
}
