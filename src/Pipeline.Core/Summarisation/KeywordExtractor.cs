using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Ranks an article's key phrases without a model. Candidates are runs of content words between stop words and
/// punctuation (RAKE), cut where a capitalised name meets ordinary words, so "Alien Enemies Act" and "El Salvador"
/// survive whole, and kept to noun phrases in English by the word classes of a lexicon (<see cref="Text.EnglishWordClasses"/>). Words are scored by a position-biased co-occurrence graph (PositionRank, a SingleRank variant),
/// phrases by their words, how often the text uses them (log-scaled) and whether they read as a name; plural and
/// other inflected forms are merged by stem and shown in their most common written form.
/// </summary>
/// <remarks>
/// Its parts in <c>Summarisation/Keywords/</c>: WordClasses (what each word can be), Candidates (phrases from runs of
/// words), WordGraph (PositionRank word scores), Model (the re-ranker's features), Selection (the contained-word
/// discount, phrases that give way to better ones, the top n) and WordLists.
/// </remarks>
public sealed partial class KeywordExtractor
{
    /// <summary>Extracts up to <paramref name="count"/> key phrases, best first, with scores in (0, 1].</summary>
    public static IReadOnlyList<Keyword> Extract(string title, IReadOnlyList<string> paragraphs, string? language, int count)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(paragraphs);
        return Extract(Analyse(title, paragraphs, language), count, out _);
    }

    /// <summary>Extracts with other weights than the defaults: for the evaluation tool, which chooses them on training folds.</summary>
    internal static List<Keyword> Extract(string title, IReadOnlyList<string> paragraphs, string? language, int count, KeywordWeights weights)
    {
        return Extract(Analyse(title, paragraphs, language), count, weights, out _);
    }

    /// <summary>Whether the extractor would treat this text as news: for the evaluation tool, which tunes each kind on its own texts.</summary>
    internal static bool ReadsAsNews(string title, IReadOnlyList<string> paragraphs, string? language, double capitalShare)
    {
        return ReadsAsNews(Analyse(title, paragraphs, language), capitalShare);
    }

    /// <summary>Extracts key phrases from an analysed text; <paramref name="stemScores"/> gets every stem's graph score (0 for non-candidates).</summary>
    internal static List<Keyword> Extract(AnalysedText text, int count, out float[] stemScores) =>
        Extract(text, count, KeywordWeights.Default, out stemScores);

    private static List<Keyword> Extract(AnalysedText text, int count, KeywordWeights weights, out float[] stemScores)
    {
        var scored = HandScored(text, weights, out stemScores, out var news);
        if (weights.Model is { } model)
        {
            scored = Rerank(text, scored, news, model);
        }

        return Select(scored, count, weights.DropContained);
    }

    /// <summary>The text analysed in its language (given, or detected from the first paragraph).</summary>
    private static AnalysedText Analyse(string title, IReadOnlyList<string> paragraphs, string? language) =>
        new(title, paragraphs, LanguageDetector.Resolve(language, paragraphs.Count > 0 ? paragraphs[0] : title));

    /// <summary>
    /// The text's candidate phrases with the hand-set score of its kind, best first (ties: the earlier phrase first);
    /// <paramref name="stemScores"/> gets every stem's graph score and <paramref name="news"/> the kind.
    /// </summary>
    private static List<(string Key, Candidate Candidate, double Score)> HandScored(AnalysedText text, KeywordWeights weights, out float[] stemScores, out bool news)
    {
        // The summariser ranks sentences by these stem scores, so phrase-level changes must not reach them.
        var words = new WordClasses(text);
        stemScores = WordScores(text, text.Tokens, words.IsCandidateWord);
        news = ReadsAsNews(text, weights.NewsCapitalShare);
        var kind = news ? weights.News : weights.Abstract;
        return GatherPhrases(text, words, stemScores)
            .Select(c => (Key: c.Key, Candidate: c.Value, Score: c.Value.Score(kind)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.FirstPosition)
            .ToList();
    }

    /// <summary>
    /// News quotes people and names many of them; abstracts do neither. A reporting verb anywhere, or a high share of
    /// capitalised words, is enough to tell the two apart in nine texts out of ten.
    /// </summary>
    private static bool ReadsAsNews(AnalysedText text, double capitalShare)
    {
        for (var s = 0; s < text.SurfaceCount; s++)
        {
            if ((ListsOf(text.LowerSurface(s)) & Listed.ReportingVerb) != 0)
            {
                return true;
            }
        }

        var capitalised = 0;
        var words = 0;
        foreach (ref readonly var t in text.Tokens[text.TitleTokenCount..])
        {
            if (!t.Has(TokenFlags.Numeric))
            {
                words++;
                capitalised += t.Has(TokenFlags.Capitalised) ? 1 : 0;
            }
        }

        return words > 0 && capitalised > capitalShare * words;
    }
}
