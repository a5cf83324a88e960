using System.Text;

namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    private const double ContainedWordFactor = 0.7;

    /// <summary>
    /// The best <paramref name="count"/> of the scored phrases (<paramref name="ordered"/>, best first), scores scaled to
    /// (0, 1]: a lone word already inside a better phrase ranks lower, and a phrase that a better one holds and that
    /// names the same thing (<see cref="NamesTheSameAs"/>) gives way to it.
    /// </summary>
    private static List<Keyword> Select(List<(string Key, Candidate Candidate, double Score)> ordered, int count, bool dropContained)
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

        var ranked = new List<(string Key, Candidate Candidate, double Score)>(count);
        foreach (var c in ordered.OrderByDescending(c => c.Score).ThenBy(c => c.Candidate.FirstPosition))
        {
            if (ranked.Count == count)
            {
                break;
            }

            if (!dropContained || !ranked.Exists(r => NamesTheSameAs(r.Key, r.Candidate, c.Key, c.Candidate)))
            {
                ranked.Add(c);
            }
        }

        var top = ranked.Count > 0 ? ranked[0].Score : 1;
        return ranked.Select(c => new Keyword(c.Candidate.BestSurface(), top > 0 ? c.Score / top : 0)).ToList();
    }

    /// <summary>
    /// Whether a better phrase holds this one as whole words and names the same thing, so the shorter one adds nothing
    /// to the list: "attorney general" in "state attorney general" (the same head), "aggregate bandwidth" in "aggregate
    /// bandwidth estimation", "Dita" in "Dita Von Teese". A name that a phrase uses as a modifier names something else
    /// ("UK" in "UK companies", "CT" in "CT scans"), and so does a name of two or more words inside a longer one ("New
    /// York" in "New York Times"): both stay.
    /// </summary>
    private static bool NamesTheSameAs(string betterKey, Candidate better, string key, Candidate candidate)
    {
        if (SameHead(betterKey, key))
        {
            return true;
        }

        return better.Words > candidate.Words && Contains(betterKey, key)
            && (!candidate.IsName || (better.IsName && candidate.Words == 1));
    }

    /// <summary>Whether one stem key ends with the other: English puts the head last, so the shorter names the same thing less fully.</summary>
    private static bool SameHead(string a, string b)
    {
        var (longer, shorter) = a.Length >= b.Length ? (a, b) : (b, a);
        return longer.Length > shorter.Length && longer.EndsWith(shorter, StringComparison.Ordinal) && longer[longer.Length - shorter.Length - 1] == ' ';
    }

    /// <summary>One candidate phrase: the graph score of its words, how often it occurs, and the ways it is written.</summary>
    private sealed class Candidate(int words, float wordScore, bool isName, float unknownShare, int firstPosition)
    {
        private string? _first;
        private Dictionary<string, int>? _surfaces;

        public int Words => words;

        public float WordScore => wordScore;

        public bool IsName => isName;

        /// <summary>The share of its words that the lexicon of general English does not know (0 to 1).</summary>
        public float UnknownShare => unknownShare;

        public int FirstPosition { get; } = firstPosition;

        public int Count { get; private set; }

        public bool InTitle { get; private set; }

        /// <summary>The run index of the phrase's last occurrence.</summary>
        public int LastPosition { get; private set; }

        /// <summary>Whether the text defines it as an abbreviation or gives it one in brackets ("cathodic protection (CP)").</summary>
        public bool Abbreviated { get; set; }

        /// <summary>Counts one occurrence written as <paramref name="surface"/>; a form already seen allocates nothing.</summary>
        public void Add(StringBuilder surface, bool inTitle, int position)
        {
            Count++;
            LastPosition = position;
            InTitle |= inTitle;
            if (_first is null)
            {
                _first = surface.ToString();
                return;
            }

            if (_surfaces is null)
            {
                if (surface.Equals(_first.AsSpan()))
                {
                    return;
                }

                // Most phrases are always written the same way; count forms only once a second one shows up.
                _surfaces = new Dictionary<string, int>(StringComparer.Ordinal) { [_first] = Count - 1 };
            }

            var form = surface.ToString();
            _surfaces[form] = _surfaces.GetValueOrDefault(form) + 1;
        }

        public double Score(KindWeights weights)
        {
            // A phrase the text keeps coming back to is central to it (log-scaled, as term frequency is in TF-IDF and
            // YAKE): without this, a phrase used once scores as high as one used throughout. News leans on frequency and
            // single words more than abstracts do, which prefer multi-word terms; the weights say how much.
            var frequency = 1 + Math.Log(Count);
            var score = wordScore * (weights.FrequencyExponent == 1 ? frequency : Math.Pow(frequency, weights.FrequencyExponent));
            return score * (words > 1 ? weights.MultiWordBoost : isName ? weights.NameFactor : weights.CommonWordFactor);
        }

        public string BestSurface() =>
            _surfaces is null
                ? _first ?? string.Empty
                : _surfaces.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
    }
}
