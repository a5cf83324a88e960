using System.Collections.Concurrent;

namespace Pipeline.Core.Text;

/// <summary>
/// A lower-case word and what a text's analysis needs to know of it that no text changes: its stem, whether it is a stop
/// word, and its classes in the English lexicon (<see cref="Known"/> false, and nouns, for a word it does not hold or a
/// text in another language).
/// </summary>
internal sealed record Lexeme(string Word, string Stem, bool StopWord, bool Known, WordClass Classes, WordClass Usual)
{
    /// <summary>The lexeme of <paramref name="word"/> in <paramref name="language"/>, worked out from scratch.</summary>
    public static Lexeme Of(string word, LanguageProfile language)
    {
        if (language == LanguageProfile.English)
        {
            var known = EnglishWordClasses.TryGet(word, out var classes, out var usual);
            return new(word, PorterStemmer.Stem(word), language.IsStopWord(word), known, classes, usual);
        }

        // A light plural strip for the other languages: enough to merge "prisión"/"prisiones"-style pairs is beyond it, but "casa"/"casas" merge.
        var stem = word.Length > 4 && word[^1] == 's' ? word[..^1] : word;
        return new(word, stem, language.IsStopWord(word), false, WordClass.Noun, WordClass.Noun);
    }
}

/// <summary>
/// The English lexemes this process has already worked out, shared by every text and thread. News repeats its
/// vocabulary, so after the first articles nearly every word is found here with one lookup, as a string already made,
/// instead of being copied out of the text, stemmed by Porter's rules and looked up in the stop words and in the
/// lexicon of 53,932 words, whose lookups miss the processor's caches when the texts change. What it returns never
/// depends on what it holds. Bounded: once it holds its capacity in words it only answers, so files of random tokens
/// cannot grow it.
/// </summary>
internal sealed class Lexemes
{
    private readonly ConcurrentDictionary<string, Lexeme> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lexeme>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Func<string, Lexeme> _make;
    private readonly int _capacity;
    private int _count;

    public Lexemes(Func<string, Lexeme> make, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _make = make;
        _capacity = capacity;
        _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// English words: 100,000 of them is about 14 MB (measured: 141 bytes a word of 8 letters). The 2,225 BBC
    /// articles of the dev set hold 33,572 different words; once it is full, words it does not hold (mostly names and
    /// rarities) are worked out each time, as before.
    /// </summary>
    public static Lexemes English { get; } = new(word => Lexeme.Of(word, LanguageProfile.English), 100_000);

    /// <summary>Words held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The lexeme of a lower-case word, worked out only the first time the process meets the word.</summary>
    public Lexeme Get(ReadOnlySpan<char> word)
    {
        if (_lookup.TryGetValue(word, out var known))
        {
            return known;
        }

        var lexeme = _make(word.ToString());

        // A place is taken before the word goes in and given back when it does not, so threads together never pass the capacity.
        if (Volatile.Read(ref _count) < _capacity && (Interlocked.Increment(ref _count) > _capacity || !_known.TryAdd(lexeme.Word, lexeme)))
        {
            Interlocked.Decrement(ref _count);
        }

        return lexeme;
    }
}
