using System.Runtime.InteropServices;
using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    private const int Window = 10;
    private const float PositionExponent = 0.5f;
    private const int MaxGraphTokens = 2500;

    private delegate bool TokenTest(in TextToken token);

    /// <summary>PositionRank: PageRank over stems co-occurring within a window, teleporting to words in proportion to 1/position.</summary>
    private static float[] WordScores(AnalysedText text, ReadOnlySpan<TextToken> tokens, TokenTest isCandidate)
    {
        var n = text.StemCount;
        var personal = new float[n];
        var graph = new WordGraph(CoOccurrences(tokens, isCandidate, personal), n);
        var personalSum = personal.Sum();
        if (personalSum <= 0)
        {
            return personal;
        }

        for (var i = 0; i < n; i++)
        {
            personal[i] /= personalSum;
        }

        return graph.Rank(personal);
    }

    /// <summary>
    /// An undirected edge's key: lower stem × stem count + higher stem. Dense small numbers keep the dictionary's
    /// buckets apart, where (a &lt;&lt; 32 | b) hashes to a ^ b and piles a text's pairs into a few hundred buckets.
    /// </summary>
    private static long EdgeKey(int one, int other, int stems) => ((long)Math.Min(one, other) * stems) + Math.Max(one, other);

    /// <summary>How often candidate stems meet within a window of one sentence; adds each occurrence's position prior to <paramref name="personal"/>.</summary>
    private static Dictionary<long, float> CoOccurrences(ReadOnlySpan<TextToken> tokens, TokenTest isCandidate, float[] personal)
    {
        var stems = personal.Length;
        var edges = new Dictionary<long, float>(Math.Min(tokens.Length, MaxGraphTokens) * 3);
        var recent = new int[Window];
        var recentCount = 0;
        var lastSentence = int.MinValue;
        var position = 0;
        var graphTokens = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            if (t.Sentence != lastSentence)
            {
                recentCount = 0;
                lastSentence = t.Sentence;
            }

            position++;
            if (!isCandidate(t))
            {
                continue;
            }

            personal[t.Stem] += MathF.Pow(position, -PositionExponent);
            if (++graphTokens > MaxGraphTokens)
            {
                // Long documents: the position prior already favours the opening, so later words only add teleport weight.
                continue;
            }

            for (var k = 0; k < Math.Min(recentCount, Window); k++)
            {
                var other = recent[k];
                if (other == t.Stem)
                {
                    continue;
                }

                CollectionsMarshal.GetValueRefOrAddDefault(edges, EdgeKey(other, t.Stem, stems), out _) += 1;
            }

            recent[recentCount % Window] = t.Stem;
            recentCount++;
        }

        return edges;
    }

    /// <summary>The co-occurrence graph of stems as compressed adjacency lists, ranked by personalised PageRank.</summary>
    private sealed class WordGraph
    {
        private readonly int[] _offsets;
        private readonly int[] _neighbour;
        private readonly float[] _weight;
        private readonly float[] _strength;

        public WordGraph(Dictionary<long, float> edges, int n)
        {
            var degree = new int[n + 1];
            foreach (var edge in edges.Keys)
            {
                degree[(int)(edge / n)]++;
                degree[(int)(edge % n)]++;
            }

            var offsets = new int[n + 1];
            for (var i = 0; i < n; i++)
            {
                offsets[i + 1] = offsets[i] + degree[i];
            }

            var neighbour = new int[offsets[n]];
            var weight = new float[offsets[n]];
            var fill = (int[])offsets.Clone();
            var strength = new float[n];
            foreach (var (edge, w) in edges)
            {
                var a = (int)(edge / n);
                var b = (int)(edge % n);
                neighbour[fill[a]] = b;
                weight[fill[a]++] = w;
                neighbour[fill[b]] = a;
                weight[fill[b]++] = w;
                strength[a] += w;
                strength[b] += w;
            }

            _offsets = offsets;
            _neighbour = neighbour;
            _weight = weight;
            _strength = strength;
        }

        public float[] Rank(float[] personal)
        {
            var n = personal.Length;
            var offsets = _offsets;
            var neighbour = _neighbour;
            var weight = _weight;
            var strength = _strength;

            // A stem no candidate word has (no teleport weight, no edge) keeps a score of 0 and adds only zeros, which
            // change no sum, so the iterations leave it out: the same scores to the last bit, over fewer stems.
            var active = new int[n];
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                if (personal[i] != 0 || strength[i] != 0)
                {
                    active[count++] = i;
                }
            }

            var stems = active.AsSpan(0, count);
            const float damping = 0.85f;
            var score = (float[])personal.Clone();
            var next = new float[n];
            var outflow = new float[n];
            for (var iteration = 0; iteration < 30; iteration++)
            {
                var dangling = 0f;
                foreach (var i in stems)
                {
                    if (strength[i] == 0)
                    {
                        dangling += score[i];
                        outflow[i] = 0;
                    }
                    else
                    {
                        outflow[i] = score[i] / strength[i];
                    }
                }

                var delta = 0f;
                var teleport = (1 - damping) + (damping * dangling);
                foreach (var i in stems)
                {
                    var sum = 0f;
                    for (var e = offsets[i]; e < offsets[i + 1]; e++)
                    {
                        sum += weight[e] * outflow[neighbour[e]];
                    }

                    next[i] = (teleport * personal[i]) + (damping * sum);
                    delta += Math.Abs(next[i] - score[i]);
                }

                (score, next) = (next, score);
                if (delta < 1e-4f)
                {
                    break;
                }
            }

            return score;
        }
    }
}
