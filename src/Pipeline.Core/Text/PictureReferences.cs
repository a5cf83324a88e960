using System.Text.RegularExpressions;

namespace Pipeline.Core.Text;

/// <summary>
/// A pointer to a photo that stood beside the article's text: "Harry Kane (left) has seen …", "Roger Wright (above)
/// dismissed …", "Clinton (pictured in 2012) said …". A summary carries no photos, so its sentences leave the pointer out.
/// </summary>
public static partial class PictureReferences
{
    /// <summary><paramref name="sentence"/> without its picture pointers; the same string when it has none.</summary>
    public static string Strip(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return sentence.Contains('(', StringComparison.Ordinal) ? Reference().Replace(sentence, string.Empty) : sentence;
    }

    // "(pictured …)", "(photographed …)", "(inset)", "(file photo)", "(stock image)", "(posed by model)", or where in the
    // picture, alone: "(left)", "(far right)", "(second left)", "(top left)", "(above)", "(centre, pictured)". Only after
    // a word and a space, so that a bracket that opens a sentence stays, and with the space before it, so that
    // "Kane (left), 21, …" reads "Kane, 21, …".
    [GeneratedRegex(
        @"(?<=\S)\s+\((?:(?:pictured|photographed|inset|file (?:photo|picture|image)|stock (?:photo|picture|image)|posed by models?)(?:[ ,][^()]{0,40})?"
        + @"|(?:(?:far|second|top|bottom|centre|center|middle) )?(?:left|right|centre|center|above|below|top|bottom)(?:,? (?:pictured|above|below))?)\)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
