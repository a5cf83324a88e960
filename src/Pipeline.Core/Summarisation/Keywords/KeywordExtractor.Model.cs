using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    /// <summary>How many of a text's best candidates by the hand-set score the model re-ranks (and is trained on).</summary>
    internal const int ModelCandidates = 40;

    private static readonly string[] NounEndings =
        ["tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ogy", "ics", "ure", "ship", "ing", "ers", "ors", "ist", "ists", "ies"];

    private static readonly string[] AdjectiveEndings = ["ive", "ous", "able", "ible", "ful", "less", "ic", "al", "ary", "ant", "ent"];

    /// <summary>
    /// The model's probability for each of the best <see cref="ModelCandidates"/> hand-scored candidates, best first;
    /// the rest keep their order below them.
    /// </summary>
    private static List<(string Key, Candidate Candidate, double Score)> Rerank(AnalysedText text, List<(string Key, Candidate Candidate, double Score)> scored, bool news, BoostedTrees model)
    {
        var top = Math.Min(scored.Count, ModelCandidates);
        var features = Features(text, scored, news);
        var reranked = new List<(string Key, Candidate Candidate, double Score)>(scored.Count);
        for (var i = 0; i < top; i++)
        {
            reranked.Add(scored[i] with { Score = 1 / (1 + Math.Exp(-model.Score(features[i]))) });
        }

        var floor = reranked.Count > 0 ? reranked.Min(r => r.Score) : 1;
        reranked = [.. reranked.OrderByDescending(r => r.Score).ThenBy(r => r.Candidate.FirstPosition)];
        for (var i = top; i < scored.Count; i++)
        {
            // Below the re-ranked ones, in their hand-set order.
            reranked.Add(scored[i] with { Score = floor * 0.5 * scored[i].Score / Math.Max(scored[top - 1].Score, 1e-12) });
        }

        return reranked;
    }

    /// <summary>
    /// Cheap features of each of the best <see cref="ModelCandidates"/> candidates, each row starting with a constant 1:
    /// the hand-set score and rank, frequency, graph score, first position and spread over the text, length, name,
    /// title, the text's kind and length, the last word's ending and length, whether a longer candidate contains it, the
    /// share of its words that general English does not know (a term of the field), alone and in news, and whether the
    /// text gives it an abbreviation in brackets or defines it as one (a term the text names on purpose).
    /// </summary>
    private static double[][] Features(AnalysedText text, List<(string Key, Candidate Candidate, double Score)> scored, bool news)
    {
        var top = Math.Min(scored.Count, ModelCandidates);
        var rows = new double[top][];
        if (top == 0)
        {
            return rows;
        }

        var best = Math.Max(scored[0].Score, 1e-12);
        var bestWords = 1e-12;
        var lastPosition = 1;
        for (var i = 0; i < top; i++)
        {
            bestWords = Math.Max(bestWords, scored[i].Candidate.WordScore);
            lastPosition = Math.Max(lastPosition, scored[i].Candidate.LastPosition);
        }

        var n = news ? 1.0 : 0.0;
        var length = Math.Log(text.Tokens.Length + 1) / 10;
        for (var i = 0; i < top; i++)
        {
            var (key, c, score) = scored[i];
            var words = c.Words;
            var last = c.BestSurface();
            var space = last.LastIndexOf(' ');
            last = (space >= 0 ? last[(space + 1)..] : last).ToLowerInvariant();
            var nounEnding = NounEndings.Any(e => last.EndsWith(e, StringComparison.Ordinal)) ? 1.0 : 0.0;
            var adjectiveEnding = nounEnding == 0 && AdjectiveEndings.Any(e => last.EndsWith(e, StringComparison.Ordinal)) ? 1.0 : 0.0;
            var containedIn = 0;
            for (var j = 0; j < top; j++)
            {
                containedIn += j != i && scored[j].Candidate.Words > words && Contains(scored[j].Key, key) ? 1 : 0;
            }

            var frequency = Math.Log(1 + c.Count);
            var single = words == 1 ? 1.0 : 0.0;
            var name = c.IsName ? 1.0 : 0.0;
            rows[i] =
            [
                1,
                Math.Max(Math.Log(Math.Max(score, 1e-12) / best), -10),
                1.0 / (1 + i),
                frequency,
                c.WordScore / bestWords,
                (double)c.FirstPosition / lastPosition,
                single,
                words == 2 ? 1 : 0,
                words >= 3 ? 1 : 0,
                name,
                c.InTitle ? 1 : 0,
                n,
                n * single,
                n * name,
                n * frequency,
                nounEnding,
                adjectiveEnding,
                Math.Log(1 + containedIn),
                length,
                length * single,
                length * frequency,
                length * (1.0 / (1 + i)),
                (double)(c.LastPosition - c.FirstPosition) / lastPosition,
                Math.Min(last.Length, 15) / 10.0,
                c.UnknownShare,
                n * c.UnknownShare,
                c.Abbreviated ? 1 : 0,
            ];
        }

        return rows;
    }

    /// <summary>Whether the stem key <paramref name="longer"/> holds <paramref name="shorter"/> as whole words.</summary>
    /// <remarks>Every match is tried: the keys are stem ids, so "1" first matches inside "11" of "11 1 23".</remarks>
    internal static bool Contains(string longer, string shorter)
    {
        for (var at = longer.IndexOf(shorter, StringComparison.Ordinal); at >= 0; at = longer.IndexOf(shorter, at + 1, StringComparison.Ordinal))
        {
            if ((at == 0 || longer[at - 1] == ' ') && (at + shorter.Length == longer.Length || longer[at + shorter.Length] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The best candidates' surfaces and features, for the evaluation tool, which fits the model on training folds.</summary>
    internal static List<(string Phrase, double[] Features)> CandidateFeatures(string title, IReadOnlyList<string> paragraphs, string? language, KeywordWeights weights)
    {
        var text = Analyse(title, paragraphs, language);
        var scored = HandScored(text, weights, out _, out var news);
        var features = Features(text, scored, news);
        return [.. features.Select((row, i) => (scored[i].Candidate.BestSurface(), row))];
    }
}
