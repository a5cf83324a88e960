using System.Collections.Frozen;
using System.Text;
using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Ranks an article's key phrases without a model. Candidates are runs of content words between stop words and
/// punctuation (RAKE), cut where a capitalised name meets ordinary words, so "Alien Enemies Act" and "El Salvador"
/// survive whole. Words are scored by a position-biased co-occurrence graph (PositionRank, a SingleRank variant),
/// phrases by their words, how often the text uses them (log-scaled) and whether they read as a name; plural and
/// other inflected forms are merged by stem and shown in their most common written form.
/// </summary>
public sealed class KeywordExtractor
{
    private const int Window = 10;
    private const int MaxPhraseWords = 4;
    private const float PositionExponent = 0.5f;
    private const int MaxGraphTokens = 2500;
    private const double MultiWordBoost = 1.3;
    private const double CommonWordFactor = 0.5;
    private const double ContainedWordFactor = 0.7;

    // Words that are no stop words but almost never head a key phrase in news or abstracts (only when written lower-case).
    private static readonly FrozenSet<string> NonKeyWords = FrozenSet.ToFrozenSet(
        """
        new use used uses using based paper propose proposed proposes present presented presents show shows shown showed
        allow allows allowed obtain obtained describe described describes discuss discussed consider considered provide provides provided
        also told according including include includes included like just would could many much various several certain different
        make made makes take took taken get got going want wants think know known go goes come came went put set give gives given
        year years day days week weeks month months time times way ways lot lots thing things people percent per cent
        first second third two three four five six seven eight nine ten hundred thousand million billion
        good great big little small large high low long short important possible able likely unlikely recent recently
        today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
        according article study approach method methods result results problem problems case cases number numbers
        novel original proposed existing main general simple efficient effective significant better best particular specific
        same overall typical current previous following associated corresponding respective real-world key major basic
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    // Lower-case particles that may sit inside a name ("Tren de Aragua", "Ludwig van Beethoven") but not start or end one.
    private static readonly FrozenSet<string> NameConnectors = FrozenSet.ToFrozenSet(
        ["de", "del", "la", "le", "du", "des", "van", "von", "der", "den", "da", "di", "dos", "al", "bin", "el"], StringComparer.Ordinal);

    // Words after which the next word is most likely a verb ("to define", "can map", "we propose"), never a phrase start.
    private static readonly FrozenSet<string> VerbCues = FrozenSet.ToFrozenSet(
        ["to", "can", "could", "will", "would", "may", "might", "must", "should", "shall", "we", "they", "i", "you", "he", "she", "who", "not", "cannot", "also", "which", "it"],
        StringComparer.Ordinal);

    // Auxiliaries after which an -ed or -ing word is a verb form ("is proposed", "are using").
    private static readonly FrozenSet<string> Auxiliaries = FrozenSet.ToFrozenSet(
        ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Determiners = FrozenSet.ToFrozenSet(
        ["the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "our", "my", "your", "some", "any", "each", "every"],
        StringComparer.Ordinal);

    // After these an -ed word is an adjective ("the generated documents", "of deported immigrants"); after other
    // function words or a name it is a verb ("and warned", "Noem visited").
    private static readonly FrozenSet<string> Prepositions = FrozenSet.ToFrozenSet(
        ["of", "in", "for", "with", "on", "by", "from", "into", "over", "under", "about", "between", "among", "against", "through", "without", "within", "as", "at", "than", "such"],
        StringComparer.Ordinal);

    // Days and months are dates, not topics, however they are written.
    private static readonly FrozenSet<string> DateWords = FrozenSet.ToFrozenSet(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
         "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "aug", "sept", "oct", "nov", "dec"],
        StringComparer.Ordinal);

    [ThreadStatic]
    private static StringBuilder? _surfaceBuilder;

    private static StringBuilder SurfaceBuilder => _surfaceBuilder ??= new StringBuilder(64);

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
        var tokens = text.Tokens;
        var surfaceCount = text.SurfaceCount;

        // Per surface: can it be a key word, and how is it usually cased mid-sentence?
        var candidateWord = new bool[surfaceCount];
        var connector = new bool[surfaceCount];
        for (var s = 0; s < surfaceCount; s++)
        {
            var lower = text.LowerSurface(s);
            connector[s] = NameConnectors.Contains(lower);
            candidateWord[s] = lower.Length > 1 && !DateWords.Contains(lower) && !text.Language.IsStopWord(lower) && !IsAdverb(lower) && !char.IsDigit(lower[0]);
        }

        var capitalisedInside = new int[surfaceCount];
        var lowerInside = new int[surfaceCount];
        foreach (ref readonly var t in tokens)
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
                lowerInside[t.Surface]++;
            }
        }

        // A word reads as a name when it is capitalised mid-sentence more often than not (acronyms count as names).
        var isName = new bool[surfaceCount];
        var isNonKey = new bool[surfaceCount];
        for (var s = 0; s < surfaceCount; s++)
        {
            isName[s] = capitalisedInside[s] > lowerInside[s];
            isNonKey[s] = NonKeyWords.Contains(text.LowerSurface(s));
        }

        bool IsName(in TextToken t) => isName[t.Surface] || (t.Has(TokenFlags.AllCaps) && t.Length <= 6 && lowerInside[t.Surface] == 0);
        var verbCue = new bool[surfaceCount];
        var auxiliary = new bool[surfaceCount];
        var participle = new bool[surfaceCount];
        var pastForm = new bool[surfaceCount];
        var modifierCue = new bool[surfaceCount];
        for (var s = 0; s < surfaceCount; s++)
        {
            var lower = text.LowerSurface(s);
            verbCue[s] = VerbCues.Contains(lower);
            auxiliary[s] = Auxiliaries.Contains(lower);
            participle[s] = lower.Length > 4 && (lower.EndsWith("ed", StringComparison.Ordinal) || lower.EndsWith("ing", StringComparison.Ordinal));
            pastForm[s] = lower.Length > 4 && lower.EndsWith("ed", StringComparison.Ordinal) && !lower.EndsWith("eed", StringComparison.Ordinal);
            modifierCue[s] = Determiners.Contains(lower) || Prepositions.Contains(lower);
        }

        // Per occurrence: a lower-case word right after a verb cue reads as a verb and cannot be part of a phrase.
        var verbLike = new bool[tokens.Length];
        for (var i = 1; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            ref readonly var before = ref tokens[i - 1];
            if (t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.BreakBefore) || before.Sentence != t.Sentence)
            {
                continue;
            }

            verbLike[i] = verbCue[before.Surface] || (auxiliary[before.Surface] && participle[t.Surface])
                || (pastForm[t.Surface] && (isName[before.Surface] || (before.Has(TokenFlags.StopWord) && !modifierCue[before.Surface])));
        }

        bool IsCandidateWord(in TextToken t) => candidateWord[t.Surface] && (!isNonKey[t.Surface] || (t.Has(TokenFlags.Capitalised) && IsName(t)));
        var candidateToken = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            candidateToken[i] = IsCandidateWord(tokens[i]) && !verbLike[i];
        }

        bool IsCandidate(in TextToken t) => IsCandidateWord(t);

        var scores = WordScores(text, tokens, IsCandidate);
        stemScores = scores;

        // Gather candidate phrases: runs of candidate words, split at breaks and where a name meets ordinary words.
        var phrases = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var run = new List<int>(8);
        var key = new StringBuilder();
        var position = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            var boundary = i == tokens.Length;
            if (!boundary)
            {
                ref readonly var t = ref tokens[i];
                var joinsName = connector[t.Surface] && !t.Has(TokenFlags.Capitalised) && run.Count > 0 && IsName(tokens[run[^1]])
                    && i + 1 < tokens.Length && tokens[i + 1].Sentence == t.Sentence && tokens[i + 1].Has(TokenFlags.Capitalised);
                var fits = candidateToken[i] || joinsName;
                var breaks = run.Count > 0 && (t.Has(TokenFlags.BreakBefore) || tokens[run[^1]].Sentence != t.Sentence);
                // A multi-word name ends where ordinary words start ("Tren de Aragua | gang members"), but a one-word name
                // may modify what follows ("HTML documents", "Poisson arrivals", "Trump administration").
                var previousIsName = run.Count > 0 && IsName(tokens[run[^1]]);
                var caseChange = run.Count > 0 && !joinsName && !connector[tokens[run[^1]].Surface]
                    && previousIsName != IsName(t) && !t.Has(TokenFlags.Numeric)
                    && !(previousIsName && run.Count == 1);
                if (fits && !breaks && !caseChange)
                {
                    run.Add(i);
                    continue;
                }

                if (run.Count > 0)
                {
                    AddRun(text, tokens, run, phrases, key, scores, position++, IsName);
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
                AddRun(text, tokens, run, phrases, key, scores, position++, IsName);
            }
        }

        var ordered = phrases
            .Select(c => (Key: c.Key, Candidate: c.Value, Score: c.Value.Score()))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.FirstPosition)
            .ToList();
        {
            // A single word already inside a better-ranked phrase adds little: rank it lower.
            var seenWords = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ordered.Count && i < count * 3; i++)
            {
                var parts = ordered[i].Key.Split(' ');
                if (parts.Length == 1 && seenWords.Contains(parts[0]))
                {
                    ordered[i] = ordered[i] with { Score = ordered[i].Score * ContainedWordFactor };
                }

                if (parts.Length > 1)
                {
                    seenWords.UnionWith(parts);
                }
            }
        }

        var ranked = ordered.OrderByDescending(c => c.Score).ThenBy(c => c.Candidate.FirstPosition).Take(count).ToList();

        var top = ranked.Count > 0 ? ranked[0].Score : 1;
        return ranked.Select(c => new Keyword(c.Candidate.BestSurface(), top > 0 ? c.Score / top : 0)).ToList();
    }

    private static bool IsTrailingVerb(AnalysedText text, in TextToken t)
    {
        if (t.Has(TokenFlags.Capitalised))
        {
            return false;
        }

        var lower = text.LowerSurface(t.Surface);
        return lower.Length > 4 && lower.EndsWith("ed", StringComparison.Ordinal) && !lower.EndsWith("eed", StringComparison.Ordinal);
    }

    private static bool IsAdverb(string lower) =>
        lower.Length > 5 && (lower.EndsWith("ally", StringComparison.Ordinal) || lower.EndsWith("ously", StringComparison.Ordinal)
            || lower.EndsWith("ively", StringComparison.Ordinal) || lower.EndsWith("ently", StringComparison.Ordinal)
            || lower.EndsWith("antly", StringComparison.Ordinal) || lower.EndsWith("edly", StringComparison.Ordinal)
            || lower.EndsWith("ingly", StringComparison.Ordinal) || lower.EndsWith("arly", StringComparison.Ordinal));

    private delegate bool TokenTest(in TextToken token);

    /// <summary>PositionRank: PageRank over stems co-occurring within a window, teleporting to words in proportion to 1/position.</summary>
    private static float[] WordScores(AnalysedText text, ReadOnlySpan<TextToken> tokens, TokenTest isCandidate)
    {
        var n = text.StemCount;
        var personal = new float[n];
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

                var a = Math.Min(other, t.Stem);
                var b = Math.Max(other, t.Stem);
                var edge = ((long)a << 32) | (uint)b;
                edges[edge] = edges.GetValueOrDefault(edge) + 1;
            }

            recent[recentCount % Window] = t.Stem;
            recentCount++;
        }

        // Compressed adjacency lists.
        var degree = new int[n + 1];
        foreach (var edge in edges.Keys)
        {
            degree[(int)(edge >> 32)]++;
            degree[(int)(edge & 0xFFFFFFFF)]++;
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
            var a = (int)(edge >> 32);
            var b = (int)(edge & 0xFFFFFFFF);
            neighbour[fill[a]] = b;
            weight[fill[a]++] = w;
            neighbour[fill[b]] = a;
            weight[fill[b]++] = w;
            strength[a] += w;
            strength[b] += w;
        }

        var personalSum = personal.Sum();
        if (personalSum <= 0)
        {
            return personal;
        }

        for (var i = 0; i < n; i++)
        {
            personal[i] /= personalSum;
        }

        const float damping = 0.85f;
        var score = (float[])personal.Clone();
        var next = new float[n];
        var outflow = new float[n];
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var dangling = 0f;
            for (var i = 0; i < n; i++)
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
            for (var i = 0; i < n; i++)
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

    private static void AddRun(AnalysedText text, ReadOnlySpan<TextToken> tokens, List<int> run, Dictionary<string, Candidate> phrases, StringBuilder key, float[] scores, int position, TokenTest isName)
    {
        // Trim connectors at the edges ("de Aragua" → "Aragua").
        var from = 0;
        var to = run.Count;
        while (from < to && !char.IsUpper(text.Original(tokens[run[from]])[0]) && NameConnectors.Contains(text.LowerSurface(tokens[run[from]].Surface)))
        {
            from++;
        }

        while (to > from && NameConnectors.Contains(text.LowerSurface(tokens[run[to - 1]].Surface)) && !char.IsUpper(text.Original(tokens[run[to - 1]])[0]))
        {
            to--;
        }

        // A run ending in a lower-case past form ends with a verb ("feature called"), and so does one whose last word
        // is followed straight by a determiner ("algorithm employs an", "knowledge refers the"): drop that word.
        var last = run[run.Count - 1];
        if (to - from > 1 && last + 1 < tokens.Length && !tokens[last + 1].Has(TokenFlags.BreakBefore)
            && tokens[last + 1].Sentence == tokens[last].Sentence && !tokens[last].Has(TokenFlags.Capitalised)
            && Determiners.Contains(text.LowerSurface(tokens[last + 1].Surface)))
        {
            to--;
        }

        while (to - from > 1 && IsTrailingVerb(text, tokens[run[to - 1]]))
        {
            to--;
        }

        var length = to - from;
        if (length <= 0)
        {
            return;
        }

        if (length <= MaxPhraseWords)
        {
            AddPhrase(text, tokens, run, from, to, phrases, key, scores, position, isName);
            return;
        }

        // A long run is rarely a phrase as a whole; English puts the head noun last, so offer its tail.
        AddPhrase(text, tokens, run, to - 3, to, phrases, key, scores, position, isName);
        AddPhrase(text, tokens, run, to - 2, to, phrases, key, scores, position, isName);
    }

    private static void AddPhrase(AnalysedText text, ReadOnlySpan<TextToken> tokens, List<int> run, int from, int to, Dictionary<string, Candidate> phrases, StringBuilder key, float[] scores, int position, TokenTest isName)
    {
        key.Clear();
        var surface = SurfaceBuilder;
        surface.Clear();
        var wordScore = 0f;
        var names = 0;
        for (var k = from; k < to; k++)
        {
            ref readonly var t = ref tokens[run[k]];
            if (k > from)
            {
                key.Append(' ');
                surface.Append(' ');
            }

            key.Append(t.Stem);
            wordScore += scores[t.Stem];
            if (isName(t))
            {
                names++;
                surface.Append(text.Original(t));
            }
            else
            {
                surface.Append(text.LowerSurface(t.Surface));
            }
        }

        var id = key.ToString();
        if (!phrases.TryGetValue(id, out var candidate))
        {
            candidate = new Candidate(to - from, wordScore, names == to - from, position);
            phrases.Add(id, candidate);
        }

        candidate.Add(surface.ToString(), tokens[run[from]].Sentence == AnalysedText.TitleSentence);
    }

    private sealed class Candidate(int words, float wordScore, bool isName, int firstPosition)
    {
        private string? _first;
        private Dictionary<string, int>? _surfaces;

        public int FirstPosition { get; } = firstPosition;

        public int Count { get; private set; }

        public bool InTitle { get; private set; }

        public void Add(string surface, bool inTitle)
        {
            Count++;
            InTitle |= inTitle;
            if (_first is null)
            {
                _first = surface;
                return;
            }

            if (_surfaces is null)
            {
                if (string.Equals(_first, surface, StringComparison.Ordinal))
                {
                    return;
                }

                // Most phrases are always written the same way; count forms only once a second one shows up.
                _surfaces = new Dictionary<string, int>(StringComparer.Ordinal) { [_first] = Count - 1 };
            }

            _surfaces[surface] = _surfaces.GetValueOrDefault(surface) + 1;
        }

        public double Score()
        {
            // A phrase the text keeps coming back to is central to it (log-scaled, as term frequency is in TF-IDF and
            // YAKE): without this, a phrase used once scores as high as one used throughout.
            // Abstracts and news agree that multi-word phrases and names make better key phrases than lone common nouns.
            var score = wordScore * (1 + Math.Log(Count));
            if (words > 1)
            {
                score *= MultiWordBoost;
            }
            else if (!isName)
            {
                score *= CommonWordFactor;
            }

            return score;
        }

        public string BestSurface() =>
            _surfaces is null
                ? _first ?? string.Empty
                : _surfaces.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
    }
}
