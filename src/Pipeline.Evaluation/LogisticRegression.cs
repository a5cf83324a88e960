namespace Pipeline.Evaluation;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares), for small
/// feature sets (tens of features, tens of thousands of rows). Deterministic: the same rows give the same weights.
/// Feature 0 is the bias and is not penalised.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits weights to rows of features (each starting with a constant 1) and their labels.</summary>
    public static double[] Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> labels, double l2 = 1.0, int maxIterations = 50)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count || features.Count == 0)
        {
            throw new ArgumentException($"Need one label per row and at least one row: {features.Count} rows, {labels.Count} labels.", nameof(labels));
        }

        var p = features[0].Length;
        var weights = new double[p];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var gradient = new double[p];
            var hessian = new double[p, p];
            for (var r = 0; r < features.Count; r++)
            {
                var x = features[r];
                var mu = Probability(weights, x);
                var residual = (labels[r] ? 1 : 0) - mu;
                var curvature = mu * (1 - mu);
                for (var a = 0; a < p; a++)
                {
                    gradient[a] += residual * x[a];
                    for (var b = 0; b <= a; b++)
                    {
                        hessian[a, b] += curvature * x[a] * x[b];
                    }
                }
            }

            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < a; b++)
                {
                    hessian[b, a] = hessian[a, b];
                }

                if (a > 0)
                {
                    gradient[a] -= l2 * weights[a];
                    hessian[a, a] += l2;
                }
            }

            var step = Solve(hessian, gradient);
            var size = 0.0;
            for (var a = 0; a < p; a++)
            {
                weights[a] += step[a];
                size += step[a] * step[a];
            }

            if (size < 1e-20)
            {
                break;
            }
        }

        return weights;
    }

    /// <summary>The weighted sum (log-odds) of one row.</summary>
    public static double Score(IReadOnlyList<double> weights, IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(features);
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i] * features[i];
        }

        return sum;
    }

    /// <summary>The probability of the positive label for one row.</summary>
    public static double Probability(IReadOnlyList<double> weights, IReadOnlyList<double> features) =>
        1 / (1 + Math.Exp(-Score(weights, features)));

    /// <summary>Gaussian elimination with partial pivoting (the Hessian plus the ridge is positive definite).</summary>
    private static double[] Solve(double[,] matrix, double[] vector)
    {
        var n = vector.Length;
        var m = (double[,])matrix.Clone();
        var x = (double[])vector.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }

            if (pivot != c)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                }

                (x[c], x[pivot]) = (x[pivot], x[c]);
            }

            for (var r = c + 1; r < n; r++)
            {
                var factor = m[r, c] / m[c, c];
                for (var k = c; k < n; k++)
                {
                    m[r, k] -= factor * m[c, k];
                }

                x[r] -= factor * x[c];
            }
        }

        for (var c = n - 1; c >= 0; c--)
        {
            for (var k = c + 1; k < n; k++)
            {
                x[c] -= m[c, k] * x[k];
            }

            x[c] /= m[c, c];
        }

        return x;
    }
}
