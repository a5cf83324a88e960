namespace Pipeline.Core.Summarisation;

public sealed partial class KeywordExtractor
{
    private const double MultiWordBoost = 1.3;
    private const double CommonWordFactor = 0.5;
    private const double ContainedWordFactor = 0.7;

    /// <summary>The best <paramref name="count"/> phrases, a lone word already inside a better phrase ranked lower, scores scaled to (0, 1].</summary>
    private static List<Keyword> Select(Dictionary<string, Candidate> phrases, int count)
    {
        var ordered = phrases
            .Select(c => (Key: c.Key, Candidate: c.Value, Score: c.Value.Score()))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Candidate.FirstPosition)
            .ToList();

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

        var ranked = ordered.OrderByDescending(c => c.Score).ThenBy(c => c.Candidate.FirstPosition).Take(count).ToList();

        var top = ranked.Count > 0 ? ranked[0].Score : 1;
        return ranked.Select(c => new Keyword(c.Candidate.BestSurface(), top > 0 ? c.Score / top : 0)).ToList();
    }

    /// <summary>One candidate phrase: the graph score of its words, how often it occurs, and the ways it is written.</summary>
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
