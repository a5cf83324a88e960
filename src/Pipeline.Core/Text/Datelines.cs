using System.Text.RegularExpressions;

namespace Pipeline.Core.Text;

/// <summary>
/// The wire-service dateline an agency puts before an article's first sentence ("WASHINGTON (AP) — ", "LONDON, England
/// (CNN) -- ", "Boston (CNN)", "(Reuters) - "): it says who filed the story and where, and it is not part of the
/// sentence, so a summary that opens with that sentence leaves it out ("(CNN)They may not be …" reads as a typo).
/// </summary>
public static partial class Datelines
{
    /// <summary><paramref name="sentence"/> without a leading dateline; the same string when it has none.</summary>
    public static string Strip(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var match = Dateline().Match(sentence);
        return match.Success ? sentence[match.Length..] : sentence;
    }

    // A place in capitals with up to three more words ("LONDON, England") or one capitalised word ("Boston"), or none;
    // an agency in brackets; a dash or colon, or nothing; and then the sentence itself, which starts like one.
    [GeneratedRegex(
        @"^(?:(?:[A-Z]{2,}[A-Z.'-]*(?:[ ,]+[A-Z][\p{L}.'-]*){0,3}|[A-Z]\p{Ll}+)\s*)?"
        + @"\((?:CNN|AP|Reuters|AFP|UPI|dpa|EFE|ANSA|Xinhua|Bloomberg|PA|IANS|PTI|Kyodo|TASS|Yonhap|Interfax|Anadolu)\)\s*(?:--|[-–—:])?\s*"
        + @"(?=[\p{Lu}\p{N}""“‘'])")]
    private static partial Regex Dateline();
}
