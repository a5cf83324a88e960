using Pipeline.Core.Text;

namespace Pipeline.Evaluation;

/// <summary>Precision, recall and F-measure of one ROUGE variant for one summary.</summary>
public readonly record struct RougeScore(double Precision, double Recall, double F)
{
    internal static RougeScore From(int overlap, int predicted, int reference)
    {
        var precision = predicted == 0 ? 0 : (double)overlap / predicted;
        var recall = reference == 0 ? 0 : (double)overlap / reference;
        var f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new RougeScore(precision, recall, f);
    }
}

/// <summary>ROUGE-1, ROUGE-2 and ROUGE-L (whole-summary LCS, as rouge_score's <c>rougeL</c>) of one summary.</summary>
public readonly record struct RougeResult(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL);

/// <summary>
/// ROUGE as Google's rouge_score computes it: lower-case, everything but [a-z0-9] becomes a space, words longer than
/// three letters are Porter-stemmed; ROUGE-N counts clipped n-gram overlap, ROUGE-L takes the longest common subsequence
/// of the two token sequences.
/// </summary>
public static class Rouge
{
    /// <summary>Scores a predicted summary against a reference.</summary>
    public static RougeResult Score(string reference, string predicted)
    {
        var r = Tokenise(reference);
        var p = Tokenise(predicted);
        return new RougeResult(RougeN(r, p, 1), RougeN(r, p, 2), RougeL(r, p));
    }

    /// <summary>rouge_score's tokeniser with stemming.</summary>
    public static List<string> Tokenise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var buffer = new System.Text.StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                buffer.Append(c);
                continue;
            }

            Flush();
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (buffer.Length == 0)
            {
                return;
            }

            var word = buffer.ToString();
            tokens.Add(word.Length > 3 ? PorterStemmer.Stem(word) : word);
            buffer.Clear();
        }
    }

    /// <summary>ROUGE-N by clipped n-gram counts.</summary>
    public static RougeScore RougeN(IReadOnlyList<string> reference, IReadOnlyList<string> predicted, int n)
    {
        var referenceGrams = NGrams(reference, n);
        var predictedGrams = NGrams(predicted, n);
        var overlap = 0;
        foreach (var (gram, count) in predictedGrams)
        {
            overlap += Math.Min(count, referenceGrams.GetValueOrDefault(gram));
        }

        return RougeScore.From(overlap, Math.Max(0, predicted.Count - n + 1), Math.Max(0, reference.Count - n + 1));
    }

    /// <summary>ROUGE-L over the whole token sequences.</summary>
    public static RougeScore RougeL(IReadOnlyList<string> reference, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(predicted);
        var previous = new int[predicted.Count + 1];
        var current = new int[predicted.Count + 1];
        for (var i = 1; i <= reference.Count; i++)
        {
            for (var j = 1; j <= predicted.Count; j++)
            {
                current[j] = string.Equals(reference[i - 1], predicted[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return RougeScore.From(previous[predicted.Count], predicted.Count, reference.Count);
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var gram = n == 1 ? tokens[i] : string.Join(' ', tokens.Skip(i).Take(n));
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }
}
