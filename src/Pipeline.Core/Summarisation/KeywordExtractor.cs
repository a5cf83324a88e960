using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Ranks an article's key phrases without a model. Candidates are runs of content words between stop words and
/// punctuation (RAKE), cut where a capitalised name meets ordinary words, so "Alien Enemies Act" and "El Salvador"
/// survive whole. Words are scored by a position-biased co-occurrence graph (PositionRank, a SingleRank variant),
/// phrases by their words, how often the text uses them (log-scaled) and whether they read as a name; plural and
/// other inflected forms are merged by stem and shown in their most common written form.
/// </summary>
/// <remarks>
/// Its parts in <c>Summarisation/Keywords/</c>: WordClasses (what each word can be), Candidates (phrases from runs of
/// words), WordGraph (PositionRank word scores), Selection (phrase scores, the contained-word discount, the top n) and
/// WordLists.
/// </remarks>
public sealed partial class KeywordExtractor
{
    /// <summary>Extracts up to <paramref name="count"/> key phrases, best first, with scores in (0, 1].</summary>
    public static IReadOnlyList<Keyword> Extract(string title, IReadOnlyList<string> paragraphs, string? language, int count)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(paragraphs);
        var profile = LanguageDetector.Resolve(language, paragraphs.Count > 0 ? paragraphs[0] : title);
        var text = new AnalysedText(title, paragraphs, profile);
        return Extract(text, count, out _);
    }

    /// <summary>Extracts with other weights than the defaults: for the evaluation tool, which chooses them on training folds.</summary>
    internal static List<Keyword> Extract(string title, IReadOnlyList<string> paragraphs, string? language, int count, KeywordWeights weights)
    {
        var profile = LanguageDetector.Resolve(language, paragraphs.Count > 0 ? paragraphs[0] : title);
        return Extract(new AnalysedText(title, paragraphs, profile), count, weights, out _);
    }

    /// <summary>Whether the extractor would treat this text as news: for the evaluation tool, which tunes each kind on its own texts.</summary>
    internal static bool ReadsAsNews(string title, IReadOnlyList<string> paragraphs, string? language, double capitalShare)
    {
        var profile = LanguageDetector.Resolve(language, paragraphs.Count > 0 ? paragraphs[0] : title);
        return ReadsAsNews(new AnalysedText(title, paragraphs, profile), capitalShare);
    }

    /// <summary>Extracts key phrases from an analysed text; <paramref name="stemScores"/> gets every stem's graph score (0 for non-candidates).</summary>
    internal static List<Keyword> Extract(AnalysedText text, int count, out float[] stemScores) =>
        Extract(text, count, KeywordWeights.Default, out stemScores);

    private static List<Keyword> Extract(AnalysedText text, int count, KeywordWeights weights, out float[] stemScores)
    {
        // The summariser ranks sentences by these stem scores, so phrase-level changes must not reach them.
        var words = new WordClasses(text);
        stemScores = WordScores(text, text.Tokens, words.IsCandidateWord);
        var news = ReadsAsNews(text, weights.NewsCapitalShare);
        var scored = Scored(GatherPhrases(text, words, stemScores), news ? weights.News : weights.Abstract);
        if (weights.Model is { } model)
        {
            scored = Rerank(text, scored, news, model);
        }

        return Select(scored, count, weights.DropSameHead);
    }

    /// <summary>
    /// News quotes people and names many of them; abstracts do neither. A reporting verb anywhere, or a high share of
    /// capitalised words, is enough to tell the two apart in nine texts out of ten.
    /// </summary>
    private static bool ReadsAsNews(AnalysedText text, double capitalShare)
    {
        for (var s = 0; s < text.SurfaceCount; s++)
        {
            if (ReportingVerbs.Contains(text.LowerSurface(s)))
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
