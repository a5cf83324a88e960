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

    /// <summary>
    /// Every pair's <see cref="Cosine"/> among <paramref name="vectors"/>, into <paramref name="similarity"/> (row-major,
    /// symmetric, a zero diagonal). Each stem's sentences meet once, from an inverted index, instead of every pair merging
    /// its two lists; a pair's products are added stem by stem in ascending order, as the merge adds them, so every
    /// figure is the one <see cref="Cosine"/> gives.
    /// </summary>
    public static void Cosines(SparseVector[] vectors, float[] similarity)
    {
        var count = vectors.Length;
        Array.Clear(similarity, 0, count * count);
        var postings = Postings(vectors, out var offsets, out var stems);
        for (var stem = 0; stem < stems; stem++)
        {
            for (var a = offsets[stem]; a < offsets[stem + 1]; a++)
            {
                var (first, weight) = postings[a];
                for (var b = a + 1; b < offsets[stem + 1]; b++)
                {
                    similarity[(first * count) + postings[b].Sentence] += weight * postings[b].Weight;
                }
            }
        }

        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                var norms = vectors[i].Norm * vectors[j].Norm;
                var cosine = norms == 0 ? 0 : similarity[(i * count) + j] / norms;
                similarity[(i * count) + j] = cosine;
                similarity[(j * count) + i] = cosine;
            }
        }
    }

    /// <summary>The sentences holding each stem, in sentence order, with the stem's weight there: postings[offsets[s]..offsets[s + 1]].</summary>
    private static (int Sentence, float Weight)[] Postings(SparseVector[] vectors, out int[] offsets, out int stems)
    {
        stems = 0;
        var total = 0;
        foreach (var v in vectors)
        {
            total += v.Length;
            stems = v.Length > 0 ? Math.Max(stems, v.Ids[^1] + 1) : stems;
        }

        offsets = new int[stems + 1];
        foreach (var v in vectors)
        {
            foreach (var id in v.Ids)
            {
                offsets[id + 1]++;
            }
        }

        for (var s = 0; s < stems; s++)
        {
            offsets[s + 1] += offsets[s];
        }

        var postings = new (int Sentence, float Weight)[total];
        var fill = offsets[..^1];
        for (var sentence = 0; sentence < vectors.Length; sentence++)
        {
            var v = vectors[sentence];
            for (var k = 0; k < v.Length; k++)
            {
                postings[fill[v.Ids[k]]++] = (sentence, v.Weights[k]);
            }
        }

        return postings;
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
