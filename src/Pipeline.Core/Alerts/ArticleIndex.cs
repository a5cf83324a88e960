using System.Runtime.CompilerServices;
using System.Text;

namespace Pipeline.Core.Alerts;

/// <summary>
/// An inverted index of a window of articles, built once so that every alert is matched against postings rather
/// than every article: each folded word, and each stem, has the sorted ordinals of the articles it occurs in and,
/// for each, its positions, for phrase checks and field restrictions. An article's title, keywords and body share
/// one position space, with a gap after the title, after each keyword and after each paragraph, so a phrase never
/// spans two of them. Hosts are indexed with all their parent domains, for <c>source:</c>.
/// </summary>
public sealed class ArticleIndex
{
    // A term in one article in 32 or more gets a bitset too: filtering candidates by it is then a bit test each,
    // and the bitset costs no more memory than its posting list.
    private const int DenseShare = 32;
    private const int MinCountForBits = 256;

    private readonly TermTable _terms;
    private readonly int[] _bounds;
    private readonly Dictionary<string, int[]> _hosts;

    private ArticleIndex(TermTable terms, int count, int[] bounds, Postings exact, Postings stemmed, Dictionary<string, int[]> hosts)
    {
        _terms = terms;
        Count = count;
        _bounds = bounds;
        Exact = exact;
        Stemmed = stemmed;
        _hosts = hosts;
    }

    /// <summary>How many articles are indexed; ordinals run from 0 to <c>Count - 1</c> in the order given.</summary>
    public int Count { get; }

    internal Postings Exact { get; }

    internal Postings Stemmed { get; }

    /// <summary>Indexes <paramref name="documents"/>; an article's ordinal is its place in the sequence.</summary>
    public static ArticleIndex Build(IEnumerable<MatchableDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var builder = new Builder();
        foreach (var document in documents)
        {
            builder.Add(document);
        }

        return builder.Finish();
    }

    /// <summary>The ordinals, in ascending order, of the articles that match <paramref name="query"/>.</summary>
    public int[] Match(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new AlertMatcher(this).Match(query.Plan);
    }

    /// <summary>The term id of a folded word or stem, or -1 when no article has it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TermId(string term) => _terms.Find(term);

    /// <summary>The articles whose host is <paramref name="host"/> or a subdomain of it.</summary>
    internal int[] Host(string host) => _hosts.TryGetValue(host, out var ordinals) ? ordinals : [];

    /// <summary>Where <paramref name="field"/> starts and ends in article <paramref name="ordinal"/>'s positions.</summary>
    internal (int Start, int End) Range(int ordinal, AlertField field)
    {
        var b = ordinal * 3;
        return field switch
        {
            AlertField.Title => (0, _bounds[b]),
            AlertField.Keyword => (_bounds[b], _bounds[b + 1]),
            AlertField.Body => (_bounds[b + 1], _bounds[b + 2]),
            _ => (0, _bounds[b + 2]),
        };
    }

    /// <summary>
    /// Postings for every term id: <c>Docs[DocStart[t]..DocStart[t + 1]]</c> are the ordinals that have term t, and
    /// entry j's positions are <c>Positions[PositionStart[j]..PositionStart[j + 1]]</c>, ascending.
    /// <c>Bits[t]</c>, for a term in at least one article in 32 (when there are 256 or more), has bit d set when article d has it.
    /// </summary>
    internal sealed record Postings(int[] DocStart, int[] Docs, int[] PositionStart, int[] Positions, ulong[]?[] Bits)
    {
        public ulong[]? BitsOf(int term) => Bits[term];

        public ReadOnlySpan<int> DocsOf(int term) =>
            term < 0 || term + 1 >= DocStart.Length ? default : Docs.AsSpan(DocStart[term], DocStart[term + 1] - DocStart[term]);

        public int Frequency(int term) => term < 0 || term + 1 >= DocStart.Length ? 0 : DocStart[term + 1] - DocStart[term];

        public ReadOnlySpan<int> PositionsOf(int entry) => Positions.AsSpan(PositionStart[entry], PositionStart[entry + 1] - PositionStart[entry]);
    }

    private sealed class Builder
    {
        private readonly TermTable _terms = new();
        private readonly List<int> _stemOf = [];
        private readonly List<int> _bounds = [];
        private readonly Dictionary<string, List<int>> _hosts = new(StringComparer.Ordinal);
        private readonly List<int> _docTokens = [0];
        private readonly StringBuilder _folded = new();
        private int[] _ids = new int[1 << 10];
        private int[] _positions = new int[1 << 10];
        private int _tokens;
        private char[] _buffer = new char[64];
        private int _count;

        public void Add(MatchableDocument document)
        {
            ArgumentNullException.ThrowIfNull(document);
            var position = 0;
            AddPart(document.Title, ref position);
            _bounds.Add(position);
            foreach (var keyword in document.Keywords)
            {
                AddPart(keyword, ref position);
            }

            _bounds.Add(position);
            foreach (var paragraph in document.Body)
            {
                AddPart(paragraph, ref position);
            }

            _bounds.Add(position);
            _docTokens.Add(_tokens);
            if (AlertText.Host(document.Source) is { } host)
            {
                // "www.reuters.com" is filed under itself, "reuters.com" and "com", so source:reuters.com is one look-up.
                for (var suffix = host; ; suffix = suffix[(suffix.IndexOf('.', StringComparison.Ordinal) + 1)..])
                {
                    if (!_hosts.TryGetValue(suffix, out var list))
                    {
                        _hosts[suffix] = list = [];
                    }

                    list.Add(_count);
                    if (!suffix.Contains('.', StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            _count++;
        }

        public ArticleIndex Finish()
        {
            var termCount = _terms.Count;
            var stemOf = _stemOf.ToArray();
            var exact = Invert(termCount, map: null);
            var stemmed = Invert(termCount, stemOf);
            var hosts = _hosts.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.Ordinal);
            return new ArticleIndex(_terms, _count, [.. _bounds], exact, stemmed, hosts);
        }

        // Runs once per word of the window: optimised at once rather than after tiering notices.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddPart(string? text, ref int position)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            var i = 0;
            while (AlertText.NextWord(text, ref i, out var start, out var length))
            {
                var id = Intern(text.AsSpan(start, length));
                if (id < 0)
                {
                    continue;
                }

                if (_tokens == _ids.Length)
                {
                    Array.Resize(ref _ids, _ids.Length * 2);
                    Array.Resize(ref _positions, _positions.Length * 2);
                }

                _ids[_tokens] = id;
                _positions[_tokens] = position++;
                _tokens++;
            }

            // The gap: no word sits at this position, so no phrase can run across it.
            position++;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int Intern(ReadOnlySpan<char> word)
        {
            ReadOnlySpan<char> folded;
            if (!System.Text.Ascii.IsValid(word))
            {
                _folded.Clear();
                AlertText.Fold(word, _folded);
                if (_folded.Length == 0)
                {
                    return -1;
                }

                folded = _folded.ToString();
            }
            else
            {
                if (_buffer.Length < word.Length)
                {
                    _buffer = new char[word.Length * 2];
                }

                var lower = _buffer.AsSpan(0, word.Length);
                System.Text.Ascii.ToLower(word, lower, out _);
                folded = lower;
            }

            var id = _terms.Intern(folded, out var added);
            if (added)
            {
                _stemOf.Add(-1);
            }
            else if (_stemOf[id] >= 0)
            {
                return id;
            }

            // A new word, or one seen before only as the stem of another word: it gets its own stem now.
            _stemOf[id] = StemId(_terms[id]);
            return id;
        }

        private int StemId(string term)
        {
            var id = _terms.Intern(AlertText.Stem(term), out var added);
            if (added)
            {
                // A stem that is not (yet) a word of its own; if it turns up as a word, Intern gives it its stem.
                _stemOf.Add(-1);
            }

            return id;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Postings Invert(int termCount, int[]? map)
        {
            var docStart = new int[termCount + 1];
            var occurrences = new int[termCount + 1];
            var last = new int[termCount];
            Array.Fill(last, -1);
            for (var d = 0; d < _count; d++)
            {
                for (var k = _docTokens[d]; k < _docTokens[d + 1]; k++)
                {
                    var t = map is null ? _ids[k] : map[_ids[k]];
                    occurrences[t]++;
                    if (last[t] != d)
                    {
                        last[t] = d;
                        docStart[t]++;
                    }
                }
            }

            var totalDocs = PrefixSum(docStart);
            var totalOccurrences = PrefixSum(occurrences);
            var docs = new int[totalDocs];
            var positionStart = new int[totalDocs + 1];
            var positions = new int[totalOccurrences];
            var nextDoc = docStart.AsSpan(0, termCount).ToArray();
            Array.Fill(last, -1);
            for (var d = 0; d < _count; d++)
            {
                for (var k = _docTokens[d]; k < _docTokens[d + 1]; k++)
                {
                    var t = map is null ? _ids[k] : map[_ids[k]];
                    if (last[t] != d)
                    {
                        last[t] = d;
                        docs[nextDoc[t]] = d;
                        positionStart[nextDoc[t]] = occurrences[t];
                        nextDoc[t]++;
                    }

                    positions[occurrences[t]++] = _positions[k];
                }
            }

            positionStart[totalDocs] = totalOccurrences;
            var bits = new ulong[]?[termCount];
            if (_count >= MinCountForBits)
            {
                for (var t = 0; t < termCount; t++)
                {
                    if ((docStart[t + 1] - docStart[t]) * DenseShare >= _count)
                    {
                        var set = new ulong[(_count + 63) >> 6];
                        for (var j = docStart[t]; j < docStart[t + 1]; j++)
                        {
                            set[docs[j] >> 6] |= 1UL << (docs[j] & 63);
                        }

                        bits[t] = set;
                    }
                }
            }

            return new Postings(docStart, docs, positionStart, positions, bits);
        }

        // Turns counts into start offsets in place (the last slot gets the total) and returns the total.
        private static int PrefixSum(int[] counts)
        {
            var sum = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                var c = counts[i];
                counts[i] = sum;
                sum += c;
            }

            return sum;
        }
    }
}
