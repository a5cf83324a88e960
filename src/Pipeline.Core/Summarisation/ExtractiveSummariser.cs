using System.Buffers;
using System.Numerics;
using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// The local summariser: picks the article's most representative sentences and extracts key phrases.
/// Needs no network and no model, so it is the default and the fallback of every other summariser.
/// </summary>
/// <remarks>
/// Sentences are scored by a mix of a strong lead prior (news is front-loaded), LexRank centrality over TF-IDF cosine
/// similarity, overlap with the title and with the article's key words, and a quality factor that drops clutter and
/// ranks quotes lower. Maximal marginal relevance then picks sentences that say something new, up to the sentence
/// target and word cap, and the summary keeps the article's order. Only the first <see cref="MaxGraphSentences"/>
/// sentences are ranked, which keeps a 1,000-sentence document to a millisecond or two.
/// </remarks>
public sealed class ExtractiveSummariser(SummariserOptions options) : ISummariser
{
    /// <summary>How many leading sentences are candidates and nodes of the similarity graph.</summary>
    public const int MaxGraphSentences = 150;

    private readonly SentenceWeights _weights = SentenceWeights.Default;

    /// <summary>A summariser with other sentence weights: for the evaluation tool, which chooses them on training folds.</summary>
    internal ExtractiveSummariser(SummariserOptions options, SentenceWeights weights)
        : this(options)
    {
        _weights = weights;
    }

    public Task<SummaryDraft> SummariseAsync(SummaryRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Summarise(request));

    public SummaryDraft Summarise(SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageDetector.Resolve(request.Language, Sample(request));
        var text = new AnalysedText(request.Title ?? string.Empty, request.Paragraphs, language);
        var keywords = KeywordExtractor.Extract(text, options.Keywords, out var stemScores);
        var sentences = Select(text, stemScores, options.Sentences, options.MaxWords, _weights);
        return new SummaryDraft(sentences, keywords, SummaryMethods.Extractive) { KeywordsFrom = KeywordSources.Local };
    }

    private static string Sample(SummaryRequest request)
    {
        var length = 0;
        var take = 0;
        while (take < request.Paragraphs.Count && length < 2000)
        {
            length += request.Paragraphs[take++].Length;
        }

        return request.Title + " " + string.Join(' ', request.Paragraphs.Take(take));
    }

    internal static List<string> Select(AnalysedText text, float[] stemScores, int targetSentences, int maxWords, SentenceWeights weights)
    {
        var count = Math.Min(text.Sentences.Count, MaxGraphSentences);
        if (count == 0)
        {
            return [];
        }

        var similarity = ArrayPool<float>.Shared.Rent(count * count);
        try
        {
            return Select(text, stemScores, targetSentences, maxWords, count, similarity, weights);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(similarity);
        }
    }

    private static List<string> Select(AnalysedText text, float[] stemScores, int targetSentences, int maxWords, int count, float[] similarity, SentenceWeights weights)
    {
        var vectors = SparseVector.Build(text, count, out var titleVector);
        SparseVector.Cosines(vectors, similarity);

        var quality = new double[count];
        var words = new int[count];
        var keywordScore = new double[count];
        for (var i = 0; i < count; i++)
        {
            var tokens = text.SentenceTokens(i);
            quality[i] = SentenceQuality.Factor(text.Sentences[i], tokens);
            words[i] = tokens.Length;
            keywordScore[i] = vectors[i].KeywordMass(stemScores);
        }

        var position = new double[count];
        for (var i = 0; i < count; i++)
        {
            position[i] = 1.0 / (1.0 + (weights.PositionDecay * i));
        }

        var centrality = LexRank(similarity, count, position);
        var maxCentrality = Max(centrality);
        var maxKeyword = Max(keywordScore);
        var score = new double[count];
        for (var i = 0; i < count; i++)
        {
            var title = titleVector.Length > 0 ? titleVector.Cosine(vectors[i]) : 0;
            score[i] = quality[i] * (position[i]
                + (weights.Centrality * (maxCentrality > 0 ? centrality[i] / maxCentrality : 0))
                + (weights.Title * title)
                + (weights.Keyword * (maxKeyword > 0 ? keywordScore[i] / maxKeyword : 0)));
        }

        var chosen = Mmr(score, similarity, words, count, targetSentences, maxWords, weights);
        chosen.Sort();

        return chosen.Select(i => AsSummarySentence(text, i, chosen)).ToList();
    }

    /// <summary>
    /// Sentence <paramref name="i"/> as it reads in the summary, without what only its place in the article explained:
    /// the first sentence loses the agency's dateline before it; an English sentence whose predecessor is not in the
    /// summary loses the link word that pointed back to it ("But …", "However, …"); every sentence loses its pointers to
    /// the article's photos; and one taken from inside a longer quotation gets back the quotation mark the split left
    /// with its neighbour.
    /// </summary>
    private static string AsSummarySentence(AnalysedText text, int i, List<int> chosen)
    {
        var sentence = i == 0 ? Datelines.Strip(text.Sentences[i]) : text.Sentences[i];
        if (text.Language == LanguageProfile.English && !chosen.Contains(i - 1))
        {
            sentence = DiscourseOpeners.Strip(sentence);
        }

        return QuotationMarks.Balance(PictureReferences.Strip(sentence));
    }

    private static List<int> Mmr(double[] score, float[] similarity, int[] words, int count, int targetSentences, int maxWords, SentenceWeights weights)
    {
        var chosen = new List<int>();
        var used = new bool[count];
        var totalWords = 0;
        var maxScore = Max(score);
        if (maxScore <= 0)
        {
            maxScore = 1;
        }

        while (chosen.Count < targetSentences)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < count; i++)
            {
                if (used[i] || score[i] <= 0)
                {
                    continue;
                }

                var redundancy = 0f;
                foreach (var j in chosen)
                {
                    redundancy = Math.Max(redundancy, similarity[(i * count) + j]);
                }

                if (redundancy >= weights.DuplicateSimilarity || (maxWords > 0 && chosen.Count > 0 && totalWords + words[i] > maxWords))
                {
                    continue;
                }

                var value = (weights.Lambda * score[i] / maxScore) - ((1 - weights.Lambda) * redundancy);
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            used[best] = true;
            chosen.Add(best);
            totalWords += words[best];
            if (maxWords > 0 && totalWords >= maxWords)
            {
                break;
            }
        }

        if (chosen.Count == 0)
        {
            // Everything looked like clutter: fall back to the first sentence rather than say nothing.
            chosen.Add(0);
        }

        return chosen;
    }

    /// <summary>Continuous LexRank: PageRank on the cosine-weighted graph, teleporting by the position prior.</summary>
    /// <remarks>
    /// The graph is symmetric, so the rank flowing into a sentence is the dot product of its own row with every sentence's
    /// outflow (rank over row sum): one vectorised dot product a sentence and iteration.
    /// </remarks>
    internal static double[] LexRank(float[] similarity, int count, double[] prior)
    {
        var matrix = ArrayPool<double>.Shared.Rent(count * count);
        try
        {
            var rowSum = new double[count];
            for (var i = 0; i < count; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < count; j++)
                {
                    sum += similarity[(i * count) + j];
                    matrix[(i * count) + j] = similarity[(i * count) + j];
                }

                rowSum[i] = sum;
            }

            var priorSum = prior.Sum();
            var teleport = prior.Select(p => p / priorSum).ToArray();
            var rank = (double[])teleport.Clone();
            var outflow = new double[count];
            const double damping = 0.85;
            for (var iteration = 0; iteration < 30; iteration++)
            {
                var dangling = 0.0;
                for (var i = 0; i < count; i++)
                {
                    if (rowSum[i] == 0)
                    {
                        dangling += rank[i];
                        outflow[i] = 0;
                    }
                    else
                    {
                        outflow[i] = rank[i] / rowSum[i];
                    }
                }

                var delta = 0.0;
                for (var i = 0; i < count; i++)
                {
                    var inflow = Dot(matrix.AsSpan(i * count, count), outflow);
                    var value = ((1 - damping + (damping * dangling)) * teleport[i]) + (damping * inflow);
                    delta += Math.Abs(value - rank[i]);
                    rank[i] = value;
                }

                if (delta < 1e-6)
                {
                    break;
                }
            }

            return rank;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(matrix);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sums = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sums += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }

        var sum = Vector.Sum(sums);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Max(double[] values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
