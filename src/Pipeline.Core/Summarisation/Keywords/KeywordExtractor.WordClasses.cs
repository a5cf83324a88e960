using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    private static bool IsAdverb(string lower) =>
        lower.Length > 5 && (lower.EndsWith("ally", StringComparison.Ordinal) || lower.EndsWith("ously", StringComparison.Ordinal)
            || lower.EndsWith("ively", StringComparison.Ordinal) || lower.EndsWith("ently", StringComparison.Ordinal)
            || lower.EndsWith("antly", StringComparison.Ordinal) || lower.EndsWith("edly", StringComparison.Ordinal)
            || lower.EndsWith("ingly", StringComparison.Ordinal) || lower.EndsWith("arly", StringComparison.Ordinal));

    /// <summary>A past form by its regular ending: "-ed" on a word of five letters or more, but not "-eed" ("proceed", "speed").</summary>
    private static bool IsPastForm(string lower) =>
        lower.Length > 4 && lower.EndsWith("ed", StringComparison.Ordinal) && !lower.EndsWith("eed", StringComparison.Ordinal);

    /// <summary>What each word of a text can be in a key phrase: a content word, a name, a connector inside a name, or a verb.</summary>
    private sealed class WordClasses
    {
        private readonly AnalysedText _text;
        private readonly bool[] _candidateWord;
        private readonly Listed[] _listed;
        private readonly bool[] _isName;
        private readonly int[] _lowerInside;
        private readonly int[] _usualToken;

        public WordClasses(AnalysedText text)
        {
            _text = text;
            var surfaceCount = text.SurfaceCount;

            // Per surface: the word lists it is on (one lookup), and can it be a key word?
            _candidateWord = new bool[surfaceCount];
            _listed = new Listed[surfaceCount];
            for (var s = 0; s < surfaceCount; s++)
            {
                var lexeme = text.LexemeOf(s);
                var lower = lexeme.Word;
                _listed[s] = ListsOf(lower);
                _candidateWord[s] = lower.Length > 1 && (_listed[s] & Listed.DateWord) == 0 && !lexeme.StopWord && !IsAdverb(lower) && !char.IsDigit(lower[0]);
            }

            _usualToken = UsualTokens(text);
            var capitalisedInside = new int[surfaceCount];
            _lowerInside = new int[surfaceCount];
            foreach (ref readonly var t in text.Tokens)
            {
                if (t.Has(TokenFlags.SentenceInitial) || t.Sentence == AnalysedText.TitleSentence)
                {
                    continue;
                }

                if (t.Has(TokenFlags.Capitalised) && !t.Has(TokenFlags.AllCaps))
                {
                    capitalisedInside[t.Surface]++;
                }
                else if (!t.Has(TokenFlags.Capitalised))
                {
                    _lowerInside[t.Surface]++;
                }
            }

            // A word reads as a name when it is capitalised mid-sentence more often than not (acronyms count as names).
            _isName = new bool[surfaceCount];
            for (var s = 0; s < surfaceCount; s++)
            {
                _isName[s] = capitalisedInside[s] > _lowerInside[s];
            }
        }

        /// <summary>
        /// How a name is usually written: capitalised mid-sentence in the body if it ever is, else capitalised anywhere,
        /// else as here. A shouting headline or line ("EL SALVADOR CAUCUS") then does not decide the casing.
        /// </summary>
        public ReadOnlySpan<char> UsualForm(in TextToken t) => _text.Original(_text.Tokens[_usualToken[t.Surface]]);

        public bool IsConnector(in TextToken t) => Is(t, Listed.NameConnector);

        /// <summary>Whether the word is on the given list (<see cref="Lists"/>), however it is written.</summary>
        public bool Is(in TextToken t, Listed list) => (_listed[t.Surface] & list) != 0;

        public bool IsName(in TextToken t) => _isName[t.Surface] || (t.Has(TokenFlags.AllCaps) && t.Length <= 6 && _lowerInside[t.Surface] == 0);

        public bool IsCandidateWord(in TextToken t) => _candidateWord[t.Surface] && (!Is(t, Listed.NonKey) || (t.Has(TokenFlags.Capitalised) && IsName(t)));

        private static int[] UsualTokens(AnalysedText text)
        {
            var tokens = text.Tokens;
            var best = new int[text.SurfaceCount];
            var rank = new byte[text.SurfaceCount];
            for (var i = 0; i < tokens.Length; i++)
            {
                ref readonly var t = ref tokens[i];
                byte r = !t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.AllCaps) ? (byte)1
                    : t.Has(TokenFlags.SentenceInitial) || t.Sentence == AnalysedText.TitleSentence ? (byte)2 : (byte)3;
                if (r > rank[t.Surface])
                {
                    rank[t.Surface] = r;
                    best[t.Surface] = i;
                }
            }

            return best;
        }

        /// <summary>
        /// Per occurrence: a candidate word, unless it reads as a verb where it stands, or it is not a name and every
        /// lower-case use of it in the text reads as a verb (so "LEAVE NOW." in a shouted quote is the verb of "do not
        /// leave" elsewhere, not a topic).
        /// </summary>
        public bool[] CandidateTokens()
        {
            var tokens = _text.Tokens;
            var verbLike = VerbLike(tokens);
            var lowerUses = new int[_text.SurfaceCount];
            var verbUses = new int[_text.SurfaceCount];
            var verb = new bool[tokens.Length];
            for (var i = 0; i < tokens.Length; i++)
            {
                verb[i] = verbLike[i] || IsVerbForm(tokens[i]);
                if (!tokens[i].Has(TokenFlags.Capitalised))
                {
                    lowerUses[tokens[i].Surface]++;
                    verbUses[tokens[i].Surface] += verb[i] ? 1 : 0;
                }
            }

            var candidateToken = new bool[tokens.Length];
            for (var i = 0; i < tokens.Length; i++)
            {
                ref readonly var t = ref tokens[i];
                var onlyAVerb = lowerUses[t.Surface] > 0 && verbUses[t.Surface] == lowerUses[t.Surface] && !IsName(t);
                candidateToken[i] = !verb[i] && !onlyAVerb && !NeverInANounPhrase(t) && IsCandidateWord(t)
                    && !(i > 0 && candidateToken[i - 1] ? ReadsAsVerbAfter(tokens[i - 1], t) : ReadsAsVerbFirst(t));
            }

            return candidateToken;
        }

        /// <summary>
        /// A word that can only be a verb, an adverb or a function word ("propose", "consists", "rather") is no part of a
        /// noun phrase, unless it is capitalised as a name (or mid-sentence). A word that can also be a noun stays
        /// ("pump" in "heat pump"), since only a tagger reading the context could tell which it is.
        /// </summary>
        private bool NeverInANounPhrase(in TextToken t) =>
            (!t.Has(TokenFlags.Capitalised) || (t.Has(TokenFlags.SentenceInitial) && !IsName(t)))
            && (ClassesOf(t) & (WordClass.Noun | WordClass.Adjective | WordClass.Participle)) == 0;

        /// <summary>
        /// A lower-case word that is most often a verb reads as one where a phrase would start with it ("raise prices",
        /// "help workers").
        /// </summary>
        private bool ReadsAsVerbFirst(in TextToken t) => !t.Has(TokenFlags.Capitalised) && _text.LexemeOf(t.Surface).Usual == WordClass.Verb;

        /// <summary>
        /// After a word of the phrase, such a word is a verb when it agrees with that word as its subject: a plain form
        /// after a plural ("companies raise"), an -s form after a singular ("cut lowers"). Otherwise it heads a compound
        /// ("heat pump", "tax cut"), as English compounds take their modifiers in the singular.
        /// </summary>
        private bool ReadsAsVerbAfter(in TextToken before, in TextToken t)
        {
            if (!ReadsAsVerbFirst(t))
            {
                return false;
            }

            return t.Has(TokenFlags.BreakBefore) || before.Sentence != t.Sentence
                || EndsLikeAPlural(_text.LowerSurface(before.Surface)) != EndsLikeAPlural(_text.LowerSurface(t.Surface));
        }

        private static bool EndsLikeAPlural(string lower) =>
            lower.Length > 3 && lower.EndsWith('s')
            && !lower.EndsWith("ss", StringComparison.Ordinal) && !lower.EndsWith("us", StringComparison.Ordinal) && !lower.EndsWith("is", StringComparison.Ordinal);

        /// <summary>Whether a word can head a phrase: a name, a word that can be a noun, or a word the lexicon does not know.</summary>
        public bool CanEndPhrase(in TextToken t) =>
            (t.Has(TokenFlags.Capitalised) && IsName(t)) || (ClassesOf(t) & WordClass.Noun) != 0;

        /// <summary>Whether the lexicon of general English knows the word: names and terms of a field it mostly does not.</summary>
        public bool IsKnown(in TextToken t) => _text.LexemeOf(t.Surface).Known;

        /// <summary>The word's classes in the English lexicon (in other languages, and for words it does not hold, a noun).</summary>
        private WordClass ClassesOf(in TextToken t) => _text.LexemeOf(t.Surface).Classes;

        private bool IsVerbForm(in TextToken t) => !t.Has(TokenFlags.Capitalised) && Is(t, Listed.VerbForm);

        /// <summary>Per occurrence: a lower-case word right after a verb cue reads as a verb and cannot be part of a phrase.</summary>
        private bool[] VerbLike(ReadOnlySpan<TextToken> tokens)
        {
            var surfaceCount = _text.SurfaceCount;
            var participle = new bool[surfaceCount];
            var pastForm = new bool[surfaceCount];
            for (var s = 0; s < surfaceCount; s++)
            {
                var lower = _text.LowerSurface(s);
                participle[s] = lower.Length > 4 && (lower.EndsWith("ed", StringComparison.Ordinal) || lower.EndsWith("ing", StringComparison.Ordinal));
                pastForm[s] = IsPastForm(lower);
            }

            var verbLike = new bool[tokens.Length];
            for (var i = 1; i < tokens.Length; i++)
            {
                ref readonly var t = ref tokens[i];
                ref readonly var before = ref tokens[i - 1];
                if (t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.BreakBefore) || before.Sentence != t.Sentence)
                {
                    continue;
                }

                verbLike[i] = Is(before, Listed.VerbCue) || (Is(before, Listed.Auxiliary) && participle[t.Surface])
                    || (pastForm[t.Surface] && (_isName[before.Surface] || (before.Has(TokenFlags.StopWord) && !Is(before, Listed.Determiner | Listed.Preposition))));
            }

            return verbLike;
        }
    }
}
