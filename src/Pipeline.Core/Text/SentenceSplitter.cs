using System.Collections.Frozen;

namespace Pipeline.Core.Text;

/// <summary>
/// Splits text into sentences with rules that survive news copy: titles and months ("Rep.", "Gen.", "Jan.", "No. 10"),
/// acronyms ("U.S."), initials ("J. R. R. Tolkien"), decimals ("3.5"), web addresses, and quotes ("?" he said).
/// A line break always ends a sentence.
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations that often end a sentence too ("Apple Inc. The company ..."): split when a capitalised stop word follows.
    private static readonly FrozenSet<string> MayEndSentence =
        FrozenSet.ToFrozenSet(["inc", "corp", "co", "ltd", "plc", "jr", "sr", "etc", "al", "bros"], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> MayEndSentenceLookup =
        MayEndSentence.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Splits text into trimmed, non-empty sentences.</summary>
    public static List<string> Split(string text, LanguageProfile? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<string>();
        foreach (var span in SplitSpans(text, language))
        {
            result.Add(text.Substring(span.Start, span.Length));
        }

        return result;
    }

    /// <summary>Splits text into sentences, given as trimmed, non-empty spans of <paramref name="text"/>.</summary>
    public static List<WordSpan> SplitSpans(ReadOnlySpan<char> text, LanguageProfile? language = null)
    {
        language ??= LanguageProfile.English;
        var spans = new List<WordSpan>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2029')
            {
                Add(spans, text, start, i);
                start = i + 1;
                i++;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                i++;
                continue;
            }

            var terminatorStart = i;
            while (i < text.Length && text[i] is '.' or '!' or '?' or '…')
            {
                i++;
            }

            while (i < text.Length && IsCloser(text[i]))
            {
                i++;
            }

            var end = i;
            if (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                // "pic.twitter.com", "3.5", "U.S.-led": no space, no boundary.
                continue;
            }

            var next = i;
            while (next < text.Length && text[next] is ' ' or '\t' or '\u00A0')
            {
                next++;
            }

            if (next < text.Length && !char.IsWhiteSpace(text[next]) && !StartsSentence(text, next))
            {
                continue;
            }

            if (next < text.Length && !char.IsWhiteSpace(text[next]) && text[terminatorStart] == '.' && end - terminatorStart == 1 + CountClosers(text, terminatorStart + 1, end)
                && !EndsSentenceAfterDot(text, terminatorStart, next, language))
            {
                continue;
            }

            Add(spans, text, start, end);
            start = end;
        }

        Add(spans, text, start, text.Length);
        return spans;
    }

    private static int CountClosers(ReadOnlySpan<char> text, int from, int to)
    {
        var n = 0;
        for (var k = from; k < to; k++)
        {
            if (IsCloser(text[k]))
            {
                n++;
            }
        }

        return n;
    }

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '›';

    private static bool StartsSentence(ReadOnlySpan<char> text, int at)
    {
        var c = text[at];
        if (char.IsUpper(c) || char.IsDigit(c) || c is '"' or '“' or '‘' or '\'' or '(' or '[' or '«' or '¿' or '¡' or '‹' or '—' or '–' or '-' or '•')
        {
            return true;
        }

        return char.IsLetter(c) && !char.IsLower(c);
    }

    /// <summary>Decides a single full stop followed by a likely sentence start: false for abbreviations, initials and acronyms.</summary>
    private static bool EndsSentenceAfterDot(ReadOnlySpan<char> text, int dot, int next, LanguageProfile language)
    {
        var wordStart = dot;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '"' or '“' or '‘' or '[' or '—'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot];
        if (word.IsEmpty)
        {
            return true;
        }

        var nextWordIsStopWord = NextWordIsStopWord(text, next, language);
        if (word.Contains('.'))
        {
            // "U.S.", "a.m.", "e.g.": an acronym ends a sentence only before a sentence-like opener ("U.S. The ...").
            return nextWordIsStopWord;
        }

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false;
        }

        if (language.OrdinalDots && IsDigits(word))
        {
            return false;
        }

        if (word.Length <= 3 && (word.Equals("no", StringComparison.OrdinalIgnoreCase) || word.Equals("nos", StringComparison.OrdinalIgnoreCase)))
        {
            return !char.IsDigit(text[next]);
        }

        if (language.AbbreviationLookup.Contains(word) || LanguageProfile.English.AbbreviationLookup.Contains(word))
        {
            return MayEndSentenceLookup.Contains(word) && nextWordIsStopWord;
        }

        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NextWordIsStopWord(ReadOnlySpan<char> text, int next, LanguageProfile language)
    {
        var rest = text[next..];
        Span<char> lower = stackalloc char[32];
        foreach (var token in WordScanner.Scan(rest))
        {
            var word = rest.Slice(token.Start, token.Length);
            if (word.Length > 32)
            {
                return false;
            }

            var n = word.ToLowerInvariant(lower);
            return language.IsStopWord(lower[..n]);
        }

        return false;
    }

    private static void Add(List<WordSpan> spans, ReadOnlySpan<char> text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add(new WordSpan(start, end - start));
        }
    }
}
