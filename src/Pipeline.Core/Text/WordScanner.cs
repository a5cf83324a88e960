namespace Pipeline.Core.Text;

/// <summary>A word's place in the text it was scanned from.</summary>
/// <param name="Start">Index of the word's first character.</param>
/// <param name="Length">The word's length in characters.</param>
public readonly record struct WordSpan(int Start, int Length);

/// <summary>
/// Splits text into words without allocating: runs of letters and digits, joined across inner hyphens ("self-deport"),
/// en dashes between letters, as compound names are written ("Klein–Gordon", but "10–20" and "Paris – London" stay
/// apart), apostrophes ("don't") and decimal points ("3.5"). A possessive "'s" is left out ("Noem's" gives "Noem").
/// </summary>
public static class WordScanner
{
    /// <summary>Enumerates the words of <paramref name="text"/>.</summary>
    public static Enumerator Scan(ReadOnlySpan<char> text) => new(text);

    /// <summary>A struct enumerator over the words of a span.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _position;

        internal Enumerator(ReadOnlySpan<char> text)
        {
            _text = text;
            _position = 0;
            Current = default;
        }

        public WordSpan Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var text = _text;
            var i = _position;
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                _position = i;
                return false;
            }

            var start = i;
            var end = i;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
                {
                    i++;
                    end = i;
                    continue;
                }

                var next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (c is '\'' or '’')
                {
                    // A possessive 's ends the word and is dropped.
                    if (next is 's' or 'S' && (i + 2 >= text.Length || !char.IsLetterOrDigit(text[i + 2])))
                    {
                        i += 2;
                        break;
                    }

                    if (char.IsLetter(next) && end > start && char.IsLetter(text[i - 1]))
                    {
                        i++;
                        continue;
                    }

                    break;
                }

                if ((c is '-' or '‐' && char.IsLetterOrDigit(next)) || (c is '.' or ',' && char.IsDigit(next) && char.IsDigit(text[i - 1]))
                    || (c == '–' && char.IsLetter(next) && char.IsLetter(text[i - 1])))
                {
                    i++;
                    continue;
                }

                break;
            }

            _position = i;
            Current = new WordSpan(start, end - start);
            return true;
        }
    }
}
