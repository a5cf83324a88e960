namespace Pipeline.Core.Text;

/// <summary>
/// Guesses which built-in language a text is in by how many of its words are each language's stop words.
/// Falls back to English when nothing stands out, which is right for short or odd text in this pipeline.
/// </summary>
public static class LanguageDetector
{
    /// <summary>The profile named by <paramref name="tag"/> when built in, otherwise the one detected from <paramref name="text"/>.</summary>
    public static LanguageProfile Resolve(string? tag, string text) => LanguageProfile.ForTag(tag) ?? Detect(text);

    /// <summary>Detects the language of a text from its first few thousand characters.</summary>
    public static LanguageProfile Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var profiles = LanguageProfile.All;
        Span<int> hits = stackalloc int[profiles.Count];
        Span<char> lower = stackalloc char[64];
        var sample = text.AsSpan(0, Math.Min(text.Length, 4000));
        var words = 0;
        foreach (var token in WordScanner.Scan(sample))
        {
            var word = sample.Slice(token.Start, token.Length);
            if (word.Length > lower.Length)
            {
                continue;
            }

            var n = word.ToLowerInvariant(lower);
            words++;
            for (var i = 0; i < profiles.Count; i++)
            {
                if (profiles[i].IsStopWord(lower[..n]))
                {
                    hits[i]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < profiles.Count; i++)
        {
            if (hits[i] > hits[best])
            {
                best = i;
            }
        }

        // Another language must clearly win, not merely share a few words ("a", "de") with English.
        return best != 0 && hits[best] >= 3 && hits[best] > hits[0] * 1.2 && words > 0 ? profiles[best] : LanguageProfile.English;
    }
}
