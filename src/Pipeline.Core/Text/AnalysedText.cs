using System.Net;
using System.Runtime.InteropServices;

namespace Pipeline.Core.Text;

/// <summary>One word of an <see cref="AnalysedText"/>, with ids instead of strings so scoring loops compare integers.</summary>
internal readonly record struct TextToken(int Surface, int Stem, int Sentence, int Start, int Length, TokenFlags Flags)
{
    public bool Has(TokenFlags flag) => (Flags & flag) != 0;
}

[Flags]
internal enum TokenFlags : byte
{
    None = 0,
    StopWord = 1,
    Capitalised = 2,
    AllCaps = 4,
    SentenceInitial = 8,

    /// <summary>Punctuation (other than a hyphen inside a word) stands between this word and the one before.</summary>
    BreakBefore = 16,
    Numeric = 32,
}

/// <summary>
/// A document split into sentences and words, with every word interned per document: a lower-case surface id and a stem id.
/// Built once per article and shared by sentence scoring and keyword extraction.
/// </summary>
internal sealed class AnalysedText
{
    /// <summary>The sentence index of title words.</summary>
    public const int TitleSentence = -1;

    private readonly Dictionary<string, int> _surfaceIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _stemIds = new(StringComparer.Ordinal);
    private readonly List<int> _surfaceStem = [];
    private readonly List<Lexeme> _surfaces = [];
    private readonly List<TextToken> _tokens;
    private readonly List<int> _sentenceTokenStart = [];
    private readonly List<int> _sentenceParagraph = [];
    private readonly List<string> _sentences = [];
    private char[] _lower = new char[64];

    public AnalysedText(string title, IReadOnlyList<string> paragraphs, LanguageProfile language)
    {
        Language = language;
        title = DecodeEntities(title);
        Title = title;
        var characters = title.Length;
        foreach (var paragraph in paragraphs)
        {
            characters += paragraph.Length;
        }

        // About one word per six characters of English news; sizing once avoids regrowing a large list.
        _tokens = new List<TextToken>((characters / 5) + 16);
        AddTokens(title, TitleSentence);
        TitleTokenCount = _tokens.Count;
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var paragraph = DecodeEntities(paragraphs[p]);
            foreach (var span in SentenceSplitter.SplitSpans(paragraph, language))
            {
                var sentence = paragraph.Substring(span.Start, span.Length);
                _sentenceTokenStart.Add(_tokens.Count);
                _sentenceParagraph.Add(p);
                _sentences.Add(sentence);
                AddTokens(sentence, _sentences.Count - 1);
            }
        }

        _sentenceTokenStart.Add(_tokens.Count);
    }

    public LanguageProfile Language { get; }

    public string Title { get; }

    public int TitleTokenCount { get; }

    public IReadOnlyList<string> Sentences => _sentences;

    public ReadOnlySpan<TextToken> Tokens => CollectionsMarshal.AsSpan(_tokens);

    public int SurfaceCount => _surfaces.Count;

    public int StemCount => _stemIds.Count;

    public int ParagraphOf(int sentence) => _sentenceParagraph[sentence];

    /// <summary>The words of one body sentence.</summary>
    public ReadOnlySpan<TextToken> SentenceTokens(int sentence) =>
        Tokens[_sentenceTokenStart[sentence].._sentenceTokenStart[sentence + 1]];

    public ReadOnlySpan<TextToken> TitleTokens => Tokens[..TitleTokenCount];

    public string LowerSurface(int surface) => _surfaces[surface].Word;

    /// <summary>What the analysis knows of a word whatever the text: its stem, stop word or not, its classes in the lexicon.</summary>
    public Lexeme LexemeOf(int surface) => _surfaces[surface];

    public int StemOf(int surface) => _surfaceStem[surface];

    /// <summary>Whether the token stands alone in round brackets: "(" just before it and ")" just after, spaces aside.</summary>
    public bool IsBracketed(in TextToken token)
    {
        var sentence = SentenceOf(token);
        var before = sentence.AsSpan(0, token.Start).TrimEnd();
        var after = sentence.AsSpan(token.Start + token.Length).TrimStart();
        return before.Length > 0 && before[^1] == '(' && after.Length > 0 && after[0] == ')';
    }

    /// <summary>The word as written in the text.</summary>
    public ReadOnlySpan<char> Original(in TextToken token) => SentenceOf(token).AsSpan(token.Start, token.Length);

    /// <summary>The sentence (or the title) a token was read from: its start and length count in it.</summary>
    private string SentenceOf(in TextToken token) => token.Sentence == TitleSentence ? Title : _sentences[token.Sentence];

    private void AddTokens(string text, int sentence)
    {
        var previousEnd = 0;
        var first = true;
        var surfaceLookup = _surfaceIds.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var word in WordScanner.Scan(text))
        {
            var span = text.AsSpan(word.Start, word.Length);
            if (_lower.Length < span.Length)
            {
                _lower = new char[span.Length * 2];
            }

            var n = span.ToLowerInvariant(_lower);
            var lower = _lower.AsSpan(0, n);
            if (!surfaceLookup.TryGetValue(lower, out var surface))
            {
                var lexeme = Language == LanguageProfile.English ? Lexemes.English.Get(lower) : Lexeme.Of(lower.ToString(), Language);
                surface = _surfaces.Count;
                _surfaces.Add(lexeme);
                _surfaceIds.Add(lexeme.Word, surface);
                if (!_stemIds.TryGetValue(lexeme.Stem, out var stemId))
                {
                    stemId = _stemIds.Count;
                    _stemIds.Add(lexeme.Stem, stemId);
                }

                _surfaceStem.Add(stemId);
            }

            var flags = _surfaces[surface].StopWord ? TokenFlags.StopWord : TokenFlags.None;

            if (char.IsUpper(span[0]))
            {
                flags |= TokenFlags.Capitalised;
                if (span.Length > 1 && IsAllCaps(span))
                {
                    flags |= TokenFlags.AllCaps;
                }
            }
            else if (char.IsDigit(span[0]))
            {
                flags |= TokenFlags.Numeric;
            }

            if (first)
            {
                flags |= TokenFlags.SentenceInitial;
            }

            if (!first && HasBreak(text.AsSpan(previousEnd, word.Start - previousEnd)))
            {
                flags |= TokenFlags.BreakBefore;
            }

            _tokens.Add(new TextToken(surface, _surfaceStem[surface], sentence, word.Start, word.Length, flags));
            previousEnd = word.Start + word.Length;
            first = false;
        }
    }

    /// <summary>
    /// Text copied out of HTML or feeds can still carry entities ("&amp;lsquo;", "&amp;#39;"): decoded, they are quotes and
    /// apostrophes again instead of words like "lsquo" and "39".
    /// </summary>
    private static string DecodeEntities(string text) =>
        text.Contains('&', StringComparison.Ordinal) && text.Contains(';', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;

    private static bool IsAllCaps(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasBreak(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (!char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
