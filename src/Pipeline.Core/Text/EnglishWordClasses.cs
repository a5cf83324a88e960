namespace Pipeline.Core.Text;

/// <summary>The classes an English word can take, in a coarse form of the Penn Treebank tags.</summary>
[Flags]
internal enum WordClass : byte
{
    None = 0,

    /// <summary>NN, NNS, NNP, NNPS.</summary>
    Noun = 1,

    /// <summary>JJ, JJR, JJS.</summary>
    Adjective = 2,

    /// <summary>VBN and VBG: participles, which also modify nouns ("linear programming", "proposed method").</summary>
    Participle = 4,

    /// <summary>VB, VBD, VBP, VBZ and MD: finite and base verb forms.</summary>
    Verb = 8,

    /// <summary>RB, RBR, RBS, RP and WRB.</summary>
    Adverb = 16,

    /// <summary>Every other tag: determiners, pronouns, prepositions, conjunctions, numbers, symbols.</summary>
    Other = 32,
}

/// <summary>
/// A lexicon of 53,932 lower-case English words and the word classes each can take, read once from
/// <c>Lexicon/english-word-classes.tsv</c>: the lexicon of Eric Brill's tagger (as the MIT-licensed npm package
/// <c>brill</c> 3.1.0 ships it), with its tags folded into <see cref="WordClass"/>. It is a list of general English, so a
/// word it does not know is most likely a name or a term of some field.
/// </summary>
internal static class EnglishWordClasses
{
    private const string ResourceName = "Pipeline.Core.Text.english-word-classes.tsv";

    private static readonly Lazy<Dictionary<string, Entry>> Entries = new(Load);

    /// <summary>
    /// The classes of a lower-case word and its most frequent one; false, with <see cref="WordClass.Noun"/> for both, for
    /// a word the lexicon does not hold.
    /// </summary>
    public static bool TryGet(string lowerWord, out WordClass classes, out WordClass usual)
    {
        if (Entries.Value.TryGetValue(lowerWord, out var entry))
        {
            classes = entry.Classes;
            usual = entry.Usual;
            return true;
        }

        classes = WordClass.Noun;
        usual = WordClass.Noun;
        return false;
    }

    private static Dictionary<string, Entry> Load()
    {
        using var reader = EmbeddedText.Open(ResourceName);
        var entries = new Dictionary<string, Entry>(54_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (line.StartsWith('#') || tab <= 0 || tab == line.Length - 1)
            {
                continue;
            }

            var classes = WordClass.None;
            for (var i = tab + 1; i < line.Length; i++)
            {
                classes |= Parse(line[i]);
            }

            entries[line[..tab]] = new Entry(classes, Parse(line[tab + 1]));
        }

        return entries;
    }

    private static WordClass Parse(char code) => code switch
    {
        'N' => WordClass.Noun,
        'J' => WordClass.Adjective,
        'P' => WordClass.Participle,
        'V' => WordClass.Verb,
        'R' => WordClass.Adverb,
        _ => WordClass.Other,
    };

    private readonly record struct Entry(WordClass Classes, WordClass Usual);
}
