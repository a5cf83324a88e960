using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>A TF-IDF sentence vector over stem ids: ids ascending, weights alongside, norm precomputed.</summary>
internal readonly struct SparseVector(int[] ids, float[] weights, float norm)
{
    public int Length => ids.Length;

    /// <summary>Builds vectors for the first <paramref name="count"/> sentences (IDF from every sentence) and the title.</summary>
    public static SparseVector[] Build(AnalysedText text, int count, out SparseVector title)
    {
        var stems = text.StemCount;
        var documentFrequency = new int[stems];
        var lastSeen = new int[stems];
        Array.Fill(lastSeen, -1);
        var sentences = text.Sentences.Count;
        for (var s = 0; s < sentences; s++)
        {
            foreach (ref readonly var t in text.SentenceTokens(s))
            {
                if (lastSeen[t.Stem] != s)
                {
                    lastSeen[t.Stem] = s;
                    documentFrequency[t.Stem]++;
                }
            }
        }

        var idf = new float[stems];
        for (var i = 0; i < stems; i++)
        {
            idf[i] = (float)Math.Log((sentences + 1.0) / (documentFrequency[i] + 0.5));
        }

        var counts = new int[stems];
        var touched = new List<int>(64);
        var vectors = new SparseVector[count];
        for (var s = 0; s < count; s++)
        {
            vectors[s] = Make(text.SentenceTokens(s), counts, touched, idf);
        }

        title = Make(text.TitleTokens, counts, touched, idf);
        return vectors;
    }

    private static SparseVector Make(ReadOnlySpan<TextToken> tokens, int[] counts, List<int> touched, float[] idf)
    {
        touched.Clear();
        foreach (ref readonly var t in tokens)
        {
            if (t.Has(TokenFlags.StopWord) || t.Has(TokenFlags.Numeric) || t.Length < 2)
            {
                continue;
            }

            if (counts[t.Stem]++ == 0)
            {
                touched.Add(t.Stem);
            }
        }

        touched.Sort();
        var ids = touched.ToArray();
        var weights = new float[ids.Length];
        var norm = 0f;
        for (var k = 0; k < ids.Length; k++)
        {
            var w = (1 + MathF.Log(counts[ids[k]])) * Math.Max(idf[ids[k]], 0.01f);
            weights[k] = w;
            norm += w * w;
            counts[ids[k]] = 0;
        }

        return new SparseVector(ids, weights, MathF.Sqrt(norm));
    }

    public float Cosine(in SparseVector other)
    {
        if (norm == 0 || other.Norm == 0)
        {
            return 0;
        }

        var a = ids;
        var b = other.Ids;
        var i = 0;
        var j = 0;
        var dot = 0f;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                dot += weights[i++] * other.Weights[j++];
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return dot / (norm * other.Norm);
    }

    /// <summary>The summed key-word scores of the sentence's distinct stems, damped by length so long sentences do not win by size.</summary>
    public double KeywordMass(float[] stemScores)
    {
        var sum = 0.0;
        foreach (var id in ids)
        {
            sum += stemScores[id];
        }

        return ids.Length == 0 ? 0 : sum / Math.Sqrt(ids.Length);
    }

    private int[] Ids => ids;

    private float[] Weights => weights;

    private float Norm => norm;
}
