using System.Text.RegularExpressions;

namespace Pipeline.Core.Text;

/// <summary>
/// A word that ties an English sentence to the one before it: "But officials said …", "However, the bank …",
/// "Meanwhile, Ruddock may …". In a summary that leaves the sentence before out, it points at nothing ("But" against
/// what?), so the sentence drops it and starts with what follows: "Officials said …".
/// </summary>
public static partial class DiscourseOpeners
{
    /// <summary>
    /// <paramref name="sentence"/> without its opening link word; the same string when it has none, when it is part of a
    /// longer quotation (a speaker's words stay as spoken), or when too little would be left.
    /// </summary>
    public static string Strip(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (sentence.Length == 0 || !char.IsUpper(sentence[0]) || !QuotationMarks.AreBalanced(sentence))
        {
            return sentence;
        }

        var match = Opener().Match(sentence);
        if (!match.Success)
        {
            return sentence;
        }

        var rest = sentence[match.Length..];
        var word = rest.AsSpan(0, WordLength(rest));

        // "but officials said" reads "Officials said"; a word written with a capital inside ("eBay") keeps its form.
        return char.IsLower(rest[0]) && !word[1..].ContainsAnyInRange('A', 'Z')
            ? string.Concat(char.ToUpperInvariant(rest[0]).ToString(), rest.AsSpan(1))
            : rest;
    }

    private static int WordLength(string text)
    {
        var length = 0;
        while (length < text.Length && char.IsLetter(text[length]))
        {
            length++;
        }

        return Math.Max(length, 1);
    }

    // "But" and "And" stand alone ("But a spokesman said"); every other opener is set off by a comma, which tells
    // "However, the bank …" from "However much it tried …" and "Still, …" from "Still water …". What is left must
    // start with a letter or digit and hold two more words, so that "But why?" stays.
    [GeneratedRegex(
        @"^(?:(?:But|And),?\s+|(?:However|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|In addition|Additionally|Also|Still|Yet|Besides|Instead|Likewise|Similarly|Conversely|Even so|That said|On the other hand|By contrast|In contrast),\s+)"
        + @"(?=[\p{L}\p{N}][^\s]*\s+\S+\s+\S)")]
    private static partial Regex Opener();
}
