using System.Collections.Concurrent;

namespace Pipeline.Core.Text;

/// <summary>
/// The lower-case words this process has already stemmed, shared by every text and thread. News repeats its vocabulary,
/// so after the first articles nearly every word is found here, as a string already made, instead of being copied out of
/// the text and stemmed again (about 300 ns a new word for Porter's rules). What it returns never depends on what it
/// holds. Bounded: once it holds its capacity in words it only answers, so files of random tokens cannot grow it.
/// </summary>
internal sealed class StemCache
{
    private readonly ConcurrentDictionary<string, string> _stems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Func<string, string> _stem;
    private readonly int _capacity;
    private int _count;

    public StemCache(Func<string, string> stem, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _stem = stem;
        _capacity = capacity;
        _lookup = _stems.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>English words and their Porter stems: 100,000 words is about 10 MB, and far more than a year of news uses.</summary>
    public static StemCache English { get; } = new(PorterStemmer.Stem, 100_000);

    /// <summary>Words held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The word as a string and its stem; the stem is worked out only the first time the process meets the word.</summary>
    public (string Word, string Stem) Get(ReadOnlySpan<char> word)
    {
        if (_lookup.TryGetValue(word, out var known, out var stem))
        {
            return (known, stem);
        }

        var text = word.ToString();
        stem = _stem(text);
        // A place is taken before the word goes in and given back when it does not, so threads together never pass the capacity.
        if (Volatile.Read(ref _count) < _capacity && (Interlocked.Increment(ref _count) > _capacity || !_stems.TryAdd(text, stem)))
        {
            Interlocked.Decrement(ref _count);
        }

        return (text, stem);
    }
}
