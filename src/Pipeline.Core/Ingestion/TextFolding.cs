namespace Pipeline.Core.Ingestion;

/// <summary>Folds typographic variants for matching and hashing only; stored text keeps its original characters.</summary>
public static class TextFolding
{
    /// <summary>Replaces curly quotes, primes and dashes with their ASCII forms.</summary>
    public static string FoldQuotes(string text)
    {
        if (!text.AsSpan().ContainsAny(Typographic))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
                    '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
                    '\u2013' or '\u2014' or '\u2212' => '-',
                    var c => c,
                };
            }
        });
    }

    private static readonly System.Buffers.SearchValues<char> Typographic =
        System.Buffers.SearchValues.Create("\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2013\u2014\u2212");
}
