using System.Globalization;
using System.Text;

namespace Pipeline.Core.Alerts;

/// <summary>
/// How alert queries and articles are cut into words, so both sides agree: a word is a run of letters, digits and
/// combining marks; it is lower-cased and folded to ASCII where Latin letters allow ("Zürich" gives "zurich",
/// "Straße" gives "strasse"); unquoted words are then stemmed with <see cref="Stem"/>.
/// </summary>
public static class AlertText
{
    /// <summary>True for a character that belongs to a word.</summary>
    public static bool IsWordChar(char c) =>
        c < 0x80
            ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9
            : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>The folded words of <paramref name="text"/>, in order.</summary>
    public static List<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var buffer = new StringBuilder();
        var i = 0;
        while (NextWord(text, ref i, out var start, out var length))
        {
            buffer.Clear();
            Fold(text.AsSpan(start, length), buffer);
            if (buffer.Length > 0)
            {
                words.Add(buffer.ToString());
            }
        }

        return words;
    }

    /// <summary>Finds the next word at or after <paramref name="position"/> and moves past it.</summary>
    public static bool NextWord(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && !IsWordChar(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        position = i;
        length = i - start;
        return length > 0;
    }

    /// <summary>Lower-cases <paramref name="word"/> and folds it to ASCII where it can, appending the result.</summary>
    public static void Fold(ReadOnlySpan<char> word, StringBuilder into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var c in word)
        {
            if (c < 0x80)
            {
                into.Append(c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c);
            }
            else
            {
                FoldOne(char.ToLowerInvariant(c), into);
            }
        }
    }

    /// <summary>The folded form of one word.</summary>
    public static string Fold(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var builder = new StringBuilder(word.Length);
        Fold(word, builder);
        return builder.ToString();
    }

    /// <summary>
    /// Words the stemmer leaves alone: plural in form, but "new" is not the singular of "news", nor "good" of "goods".
    /// </summary>
    public static IReadOnlySet<string> Unstemmed { get; } = new HashSet<string>(["news", "goods", "customs", "arms"], StringComparer.Ordinal);

    /// <summary>
    /// The S-stemmer (Harman 1991), which only undoes English plurals: "-ies" to "-y" (not after "a" or "e"),
    /// "-es" to "-e" (not after "a", "e", "i" or "o"), "-s" dropped (not after "u" or "s"); the words in
    /// <see cref="Unstemmed"/> are kept. Lucene's EnglishMinimalStemFilter is the same algorithm (with a keyword
    /// marker for the kept words). Expects a folded word.
    /// </summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var n = word.Length;
        if (n < 3 || word[n - 1] != 's' || Unstemmed.Contains(word))
        {
            return word;
        }

        switch (word[n - 2])
        {
            case 'u':
            case 's':
                return word;
            case 'e':
                if (n > 3 && word[n - 3] == 'i' && word[n - 4] is not 'a' and not 'e')
                {
                    return string.Concat(word.AsSpan(0, n - 3), "y");
                }

                if (word[n - 3] is 'i' or 'a' or 'o' or 'e')
                {
                    return word;
                }

                return word[..(n - 1)];
            default:
                return word[..(n - 1)];
        }
    }

    /// <summary>
    /// The host an article came from, lower-case and without a trailing dot, from a URL or a bare host name;
    /// null when there is none.
    /// </summary>
    public static string? Host(string? urlOrHost)
    {
        if (string.IsNullOrWhiteSpace(urlOrHost))
        {
            return null;
        }

        var text = urlOrHost.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host.ToLowerInvariant().TrimEnd('.') : null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        text = text.ToLowerInvariant().TrimEnd('.');
        return IsHost(text) ? text : null;
    }

    /// <summary>True for a host name: labels of letters, digits and hyphens joined by dots.</summary>
    public static bool IsHost(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[0] == '.' || text[^1] == '.' || text.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static void FoldOne(char c, StringBuilder into)
    {
        switch (c)
        {
            case 'ß': into.Append("ss"); return;
            case 'æ': into.Append("ae"); return;
            case 'œ': into.Append("oe"); return;
            case 'ø': into.Append('o'); return;
            case 'ł': into.Append('l'); return;
            case 'đ' or 'ð': into.Append('d'); return;
            case 'þ': into.Append("th"); return;
            case 'ı': into.Append('i'); return;
        }

        if (char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
        {
            return;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        foreach (var d in decomposed)
        {
            if (char.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                into.Append(d);
            }
        }
    }
}
