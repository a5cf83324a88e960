namespace Pipeline.Core.Text;

/// <summary>
/// Mends the quotation marks of a sentence cut out of a longer quotation. A quotation of several sentences splits into
/// pieces whose first has only the opening mark and whose last has only the closing one ("If you do not leave, we
/// will hunt you down.”"); shown alone in a summary, such a piece reads as a stray mark. As editors do with a partial
/// quote, the missing mark is added at the start or the end. Single marks are left alone: ’ is also an apostrophe.
/// </summary>
public static class QuotationMarks
{
    /// <summary>Whether the sentence's double quotation marks pair up: no quotation opens or closes outside it.</summary>
    public static bool AreBalanced(string sentence) => Balance(sentence).Length == sentence.Length;

    /// <summary><paramref name="sentence"/> with its double quotation marks paired; the same string when they already are.</summary>
    public static string Balance(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var (open, unmatchedClose) = (0, 0);
        var straight = new List<int>();
        for (var i = 0; i < sentence.Length; i++)
        {
            switch (sentence[i])
            {
                case '“':
                    open++;
                    break;
                case '”' when open > 0:
                    open--;
                    break;
                case '”':
                    unmatchedClose++;
                    break;
                case '"' when i == 0 || !char.IsDigit(sentence[i - 1]):
                    // After a digit it is an inch mark (a 12" pipe), not a quotation mark.
                    straight.Add(i);
                    break;
            }
        }

        var (prefix, suffix) = (new string('“', unmatchedClose), new string('”', open));
        if (straight.Count % 2 == 1)
        {
            // An odd straight mark: the first one opens a quotation when a word follows it, else it closes one.
            var first = straight[0];
            var opens = first + 1 < sentence.Length && !char.IsWhiteSpace(sentence[first + 1]) && (first == 0 || char.IsWhiteSpace(sentence[first - 1]) || sentence[first - 1] is '(' or '[' or '—');
            (prefix, suffix) = opens ? (prefix, suffix + "\"") : ("\"" + prefix, suffix);
        }

        return prefix.Length == 0 && suffix.Length == 0 ? sentence : prefix + sentence + suffix;
    }
}
