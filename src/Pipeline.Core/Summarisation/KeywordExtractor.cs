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

    /// <summary>Extracts key phrases from an analysed text; <paramref name="stemScores"/> gets every stem's graph score (0 for non-candidates).</summary>
    internal static List<Keyword> Extract(AnalysedText text, int count, out float[] stemScores)
    {
        var words = new WordClasses(text);
        stemScores = WordScores(text, text.Tokens, words.IsCandidateWord);
        return Select(GatherPhrases(text, words, stemScores), count);
    }
}
