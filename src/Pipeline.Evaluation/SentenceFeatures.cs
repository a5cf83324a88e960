using Pipeline.Core.Summarisation;
using Pipeline.Core.Text;

namespace Pipeline.Evaluation;

/// <summary>
/// An article's candidate sentences (the first <see cref="ExtractiveSummariser.MaxGraphSentences"/>) with cheap
/// per-sentence features, computed from the same analysis the <see cref="ExtractiveSummariser"/> uses: position,
/// length, TF-IDF centrality, title overlap, key-word mass, capitalised-token and number density, quotes, the clutter
/// and quality factor, and position-aware LexRank. For studying sentence scorers; every feature is in [0, 1] or close,
/// and index 0 is a constant 1 (the bias).
/// </summary>
/// <param name="Sentences">The candidate sentences in reading order.</param>
/// <param name="Features">One vector of <see cref="Names"/>.Count features per sentence.</param>
/// <param name="Similarity">TF-IDF cosine similarity, row-major, <c>Sentences.Count</c> squared, 0 on the diagonal.</param>
public sealed record SentenceFeatures(IReadOnlyList<string> Sentences, IReadOnlyList<double[]> Features, float[] Similarity)
{
    public const int Bias = 0;
    public const int Position = 1;
    public const int RelativePosition = 2;
    public const int First = 3;
    public const int ParagraphStart = 4;
    public const int Paragraph = 5;
    public const int Length = 6;
    public const int Short = 7;
    public const int Centrality = 8;
    public const int Title = 9;
    public const int KeywordMass = 10;
    public const int Capitalised = 11;
    public const int Numeric = 12;
    public const int Quote = 13;
    public const int Quality = 14;
    public const int LexRank = 15;
    public const int Question = 16;

    /// <summary>The features' names, by index.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "bias", "position 1/(1+i)", "relative position", "first sentence", "starts a paragraph", "paragraph 1/(1+p)",
        "length (tokens/30, max 2)", "short (< 8 tokens)", "TF-IDF centrality", "title cosine", "key-word mass",
        "capitalised-token density", "number density", "has a quote", "quality factor", "position-aware LexRank", "question",
    ];

    public int Count => Sentences.Count;

    /// <summary>Analyses the article and computes every candidate sentence's features.</summary>
    public static SentenceFeatures Compute(SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageDetector.Resolve(request.Language, request.Title + " " + string.Join(' ', request.Paragraphs.Take(3)));
        var text = new AnalysedText(request.Title ?? string.Empty, request.Paragraphs, language);
        KeywordExtractor.Extract(text, 10, out var stemScores);
        var count = Math.Min(text.Sentences.Count, ExtractiveSummariser.MaxGraphSentences);
        var vectors = SparseVector.Build(text, count, out var titleVector);
        var similarity = new float[count * count];
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                similarity[(i * count) + j] = similarity[(j * count) + i] = vectors[i].Cosine(vectors[j]);
            }
        }

        var centrality = new double[count];
        var keyword = new double[count];
        var prior = new double[count];
        for (var i = 0; i < count; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < count; j++)
            {
                sum += similarity[(i * count) + j];
            }

            centrality[i] = count > 1 ? sum / (count - 1) : 0;
            keyword[i] = vectors[i].KeywordMass(stemScores);
            prior[i] = 1.0 / (1.0 + (0.6 * i));
        }

        var lexRank = ExtractiveSummariser.LexRank(similarity, count, prior);
        var maxCentrality = Math.Max(centrality.DefaultIfEmpty().Max(), 1e-9);
        var maxKeyword = Math.Max(keyword.DefaultIfEmpty().Max(), 1e-9);
        var maxLexRank = Math.Max(lexRank.DefaultIfEmpty().Max(), 1e-9);
        var features = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var tokens = text.SentenceTokens(i);
            var sentence = text.Sentences[i];
            int capitalised = 0, numeric = 0;
            foreach (ref readonly var t in tokens)
            {
                capitalised += t.Has(TokenFlags.Capitalised) && !t.Has(TokenFlags.SentenceInitial) ? 1 : 0;
                numeric += t.Has(TokenFlags.Numeric) ? 1 : 0;
            }

            var n = Math.Max(tokens.Length, 1);
            var v = new double[Names.Count];
            v[Bias] = 1;
            v[Position] = 1.0 / (1 + i);
            v[RelativePosition] = count > 1 ? (double)i / (count - 1) : 0;
            v[First] = i == 0 ? 1 : 0;
            v[ParagraphStart] = i == 0 || text.ParagraphOf(i) != text.ParagraphOf(i - 1) ? 1 : 0;
            v[Paragraph] = 1.0 / (1 + text.ParagraphOf(i));
            v[Length] = Math.Min(tokens.Length, 60) / 30.0;
            v[Short] = tokens.Length < 8 ? 1 : 0;
            v[Centrality] = centrality[i] / maxCentrality;
            v[Title] = titleVector.Length > 0 ? titleVector.Cosine(vectors[i]) : 0;
            v[KeywordMass] = keyword[i] / maxKeyword;
            v[Capitalised] = (double)capitalised / n;
            v[Numeric] = (double)numeric / n;
            v[Quote] = sentence.AsSpan().IndexOfAny("\"“”‘") >= 0 || sentence.StartsWith('\'') ? 1 : 0;
            v[Quality] = SentenceQuality.Factor(sentence, tokens);
            v[LexRank] = lexRank[i] / maxLexRank;
            v[Question] = sentence.TrimEnd('"', '”', '\'', '’').EndsWith('?') ? 1 : 0;
            features[i] = v;
        }

        return new SentenceFeatures(text.Sentences.Take(count).ToList(), features, similarity);
    }
}
