using System.Buffers;
using Pipeline.Core.Text;

namespace Pipeline.Core.Summarisation;

/// <summary>
/// Judges whether a sentence reads as reporting or as page clutter: tweet residue ("pic.twitter.com", "— Name (@handle)"),
/// links, captions, bylines, ALL-CAPS promo lines and "Click here"/"READ MORE" calls. Quotes, questions, labelled
/// captions ("Sleepy kid: ...") and fragments are allowed but rank below reporting lines.
/// </summary>
internal static class SentenceQuality
{
    /// <summary>Found anywhere in the sentence, in any case; one search for all of them.</summary>
    private static readonly SearchValues<string> ClutterMarkers = SearchValues.Create(
    [
        "pic.twitter.com", "http://", "https://", "www.", "(@", "@", "getty images", "image copyright", "image caption",
        "media playback", "all rights reserved", "click here", "read more", "scroll down for", "sign up for", "subscribe to",
        "follow us on", "share this", "this article was", "copyright", "(photo", "photo:", "pictured:", "video:", "related:",
    ], StringComparison.OrdinalIgnoreCase);

    private static readonly string[] ClutterStarts =
    [
        "by ", "published:", "updated:", "last updated", "advertisement", "related", "watch:", "watch ", "more:", "see also",
        "editor's note", "editor’s note", "source:", "credit:", "caption:", "listen:", "read:", "—", "–", "- ", "•",
    ];

    /// <summary>A factor in [0, 1] the sentence's score is multiplied by: 0 for clutter, below 1 for quotes, questions and fragments
    /// (very short, unpunctuated or starting in lower case).</summary>
    public static double Factor(string sentence, ReadOnlySpan<TextToken> tokens)
    {
        if (tokens.Length == 0)
        {
            return 0;
        }

        if (sentence.AsSpan().ContainsAny(ClutterMarkers))
        {
            return 0;
        }

        foreach (var start in ClutterStarts)
        {
            if (sentence.StartsWith(start, StringComparison.OrdinalIgnoreCase)
                && (start != "by " || tokens.Length <= 8))
            {
                return 0;
            }
        }

        var upper = 0;
        var letters = 0;
        foreach (var c in sentence)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsUpper(c))
                {
                    upper++;
                }
            }
        }

        if (letters >= 12 && upper > letters * 0.6)
        {
            return 0;
        }

        var factor = 1.0;
        if (tokens.Length < 5)
        {
            factor *= 0.3;
        }
        else if (tokens.Length > 70)
        {
            factor *= 0.6;
        }

        var last = sentence[^1];
        var ended = last is '.' or '!' or '?' or '"' or '”' or '’' or '\'' or ')' or '…';
        if (!ended)
        {
            // Headings and photo captions end without a full stop.
            factor *= tokens.Length < 15 ? 0.4 : 0.8;
        }

        if (sentence[0] is '"' or '“' or '‘' or '\'' || QuotedShare(sentence) > 0.5)
        {
            factor *= 0.7;
        }

        if (HasLabelPrefix(sentence))
        {
            // "Sleepy kid: Brock Guzman, 8, was last seen...": a photo caption under a short label, not the report itself.
            factor *= 0.5;
        }

        if (StartsMidSentence(sentence))
        {
            // A sentence that starts in lower case is the tail of one the page broke apart: it reads as a fragment.
            factor *= 0.5;
        }

        if (last == '?' || (sentence.Length > 1 && sentence[^2] == '?'))
        {
            factor *= 0.7;
        }

        return factor;
    }

    /// <summary>True when the first word is all lower case ("may offers..."), not a brand written "iPhone" or "eBay".</summary>
    private static bool StartsMidSentence(string sentence)
    {
        if (!char.IsLower(sentence[0]))
        {
            return false;
        }

        foreach (var c in sentence)
        {
            if (!char.IsLetter(c))
            {
                break;
            }

            if (char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the sentence opens with a label of one to three words and a colon, followed by a capital.</summary>
    private static bool HasLabelPrefix(string sentence)
    {
        var colon = sentence.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon > 40 || colon + 2 >= sentence.Length || sentence[colon + 1] != ' ' || !char.IsUpper(sentence[colon + 2]))
        {
            return false;
        }

        var words = 1;
        for (var i = 0; i < colon; i++)
        {
            if (sentence[i] == ' ')
            {
                words++;
            }
            else if (!char.IsLetter(sentence[i]) && sentence[i] != '-' && sentence[i] != '\'')
            {
                return false;
            }
        }

        return words <= 3;
    }

    private static double QuotedShare(string sentence)
    {
        var inside = false;
        var quoted = 0;
        foreach (var c in sentence)
        {
            if (c is '“' or '”' or '"')
            {
                inside = c switch
                {
                    '“' => true,
                    '”' => false,
                    _ => !inside,
                };
                continue;
            }

            if (inside)
            {
                quoted++;
            }
        }

        return (double)quoted / sentence.Length;
    }
}
