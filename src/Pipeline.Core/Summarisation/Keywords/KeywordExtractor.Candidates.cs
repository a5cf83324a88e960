using System.Globalization;
using System.Text;
using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    private const int MaxPhraseWords = 4;

    [ThreadStatic]
    private static StringBuilder? _surfaceBuilder;

    private static StringBuilder SurfaceBuilder => _surfaceBuilder ??= new StringBuilder(64);

    /// <summary>Candidate phrases by stem key: runs of candidate words, split at breaks and where a name meets ordinary words.</summary>
    private static Dictionary<string, Candidate> GatherPhrases(AnalysedText text, WordClasses words, float[] scores)
    {
        var tokens = text.Tokens;
        var candidateToken = words.CandidateTokens();
        var phrases = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var run = new List<int>(8);
        var position = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            var boundary = i == tokens.Length;
            if (!boundary)
            {
                ref readonly var t = ref tokens[i];
                var joinsName = words.IsConnector(t) && !t.Has(TokenFlags.Capitalised) && run.Count > 0 && words.IsName(tokens[run[^1]])
                    && i + 1 < tokens.Length && tokens[i + 1].Sentence == t.Sentence && tokens[i + 1].Has(TokenFlags.Capitalised);
                var fits = candidateToken[i] || joinsName;
                var breaks = run.Count > 0 && (t.Has(TokenFlags.BreakBefore) || tokens[run[^1]].Sentence != t.Sentence);
                // A multi-word name ends where ordinary words start ("Tren de Aragua | gang members"), but a one-word name
                // may modify what follows ("HTML documents", "Poisson arrivals", "Trump administration").
                var previousIsName = run.Count > 0 && words.IsName(tokens[run[^1]]);
                var caseChange = run.Count > 0 && !joinsName && !words.IsConnector(tokens[run[^1]])
                    && previousIsName != words.IsName(t) && !t.Has(TokenFlags.Numeric)
                    && !(previousIsName && run.Count == 1);
                if (fits && !breaks && !caseChange)
                {
                    run.Add(i);
                    continue;
                }

                if (run.Count > 0)
                {
                    AddRun(text, tokens, run, phrases, scores, position++, words);
                    run.Clear();
                }

                if (fits)
                {
                    run.Add(i);
                }

                continue;
            }

            if (run.Count > 0)
            {
                AddRun(text, tokens, run, phrases, scores, position++, words);
            }
        }

        return phrases;
    }

    private static bool IsTrailingVerb(AnalysedText text, WordClasses words, in TextToken t)
    {
        if (t.Has(TokenFlags.Capitalised))
        {
            return false;
        }

        return words.Is(t, Listed.VerbForm) || IsPastForm(text.LowerSurface(t.Surface));
    }

    private static void AddRun(AnalysedText text, ReadOnlySpan<TextToken> tokens, List<int> run, Dictionary<string, Candidate> phrases, float[] scores, int position, WordClasses words)
    {
        // Trim connectors at the edges ("de Aragua" → "Aragua").
        var from = 0;
        var to = run.Count;
        while (from < to && !char.IsUpper(text.Original(tokens[run[from]])[0]) && words.IsConnector(tokens[run[from]]))
        {
            from++;
        }

        while (to > from && words.IsConnector(tokens[run[to - 1]]) && !char.IsUpper(text.Original(tokens[run[to - 1]])[0]))
        {
            to--;
        }

        // A run ending in a lower-case past form ends with a verb ("feature called"), and so does one whose last word
        // is followed straight by a determiner ("algorithm employs an", "knowledge refers the"): drop that word.
        var last = run[run.Count - 1];
        if (to - from > 1 && last + 1 < tokens.Length && !tokens[last + 1].Has(TokenFlags.BreakBefore)
            && tokens[last + 1].Sentence == tokens[last].Sentence && !tokens[last].Has(TokenFlags.Capitalised)
            && words.Is(tokens[last + 1], Listed.Determiner))
        {
            to--;
        }

        while (to - from > 1 && IsTrailingVerb(text, words, tokens[run[to - 1]]))
        {
            to--;
        }

        // A noun phrase ends in its head noun ("linear matrix inequalities", not "matrix inequalities linear"), and a
        // lone adjective or participle is no key phrase.
        while (to - from > 1 && !words.CanEndPhrase(tokens[run[to - 1]]))
        {
            to--;
        }

        if (to - from == 1 && !words.CanEndPhrase(tokens[run[from]]))
        {
            return;
        }

        var length = to - from;
        if (length <= 0)
        {
            return;
        }

        if (length <= MaxPhraseWords)
        {
            var phrase = AddPhrase(text, tokens, run, from, to, phrases, scores, position, words);
            if (IsAbbreviation(text, tokens[run[from]], length) || HasAbbreviationAfter(text, tokens, run[to - 1], length))
            {
                phrase.Abbreviated = true;
            }

            return;
        }

        // A long run is rarely a phrase as a whole; English puts the head noun last, so offer its tail.
        AddPhrase(text, tokens, run, to - 3, to, phrases, scores, position, words);
        AddPhrase(text, tokens, run, to - 2, to, phrases, scores, position, words);
    }

    /// <summary>A lone word in capitals in brackets, as a text defines an abbreviation: "(ICCP)".</summary>
    private static bool IsAbbreviation(AnalysedText text, in TextToken token, int length) =>
        length == 1 && token.Has(TokenFlags.AllCaps) && text.IsBracketed(token);

    /// <summary>A phrase of two or more words followed straight by an abbreviation in brackets: "impressed current cathodic protection (ICCP)".</summary>
    private static bool HasAbbreviationAfter(AnalysedText text, ReadOnlySpan<TextToken> tokens, int last, int length) =>
        length >= 2 && last + 1 < tokens.Length && tokens[last + 1].Sentence == tokens[last].Sentence
        && tokens[last + 1].Has(TokenFlags.AllCaps) && text.IsBracketed(tokens[last + 1]);

    private static Candidate AddPhrase(AnalysedText text, ReadOnlySpan<TextToken> tokens, List<int> run, int from, int to, Dictionary<string, Candidate> phrases, float[] scores, int position, WordClasses words)
    {
        // The key (the stem ids) is written on the stack and looked up as a span: only a new phrase allocates it.
        Span<char> key = stackalloc char[MaxPhraseWords * 11];
        var keyLength = 0;
        var surface = SurfaceBuilder;
        surface.Clear();
        var wordScore = 0f;
        var names = 0;
        var unknown = 0;
        for (var k = from; k < to; k++)
        {
            ref readonly var t = ref tokens[run[k]];
            unknown += words.IsKnown(t) ? 0 : 1;
            if (k > from)
            {
                key[keyLength++] = ' ';
                surface.Append(' ');
            }

            t.Stem.TryFormat(key[keyLength..], out var written, provider: CultureInfo.InvariantCulture);
            keyLength += written;
            wordScore += scores[t.Stem];
            if (words.IsName(t))
            {
                names++;
                surface.Append(words.UsualForm(t));
            }
            else
            {
                surface.Append(text.LowerSurface(t.Surface));
            }
        }

        if (!phrases.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key[..keyLength], out var candidate))
        {
            candidate = new Candidate(to - from, wordScore, names == to - from, (float)unknown / (to - from), position);
            phrases.Add(key[..keyLength].ToString(), candidate);
        }

        candidate.Add(surface, tokens[run[from]].Sentence == AnalysedText.TitleSentence, position);
        return candidate;
    }
}
