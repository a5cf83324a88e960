using System.Diagnostics;
using CsCheck;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Tests.Fuzz;

/// <summary>
/// What the parser lets through, and word salad of hostile tokens, fed to the local summariser (the default, and the
/// fallback of every other one): every article gets a summary of non-blank sentences and non-blank key phrases, never an
/// exception, each within 2 s. Each property runs for <see cref="FuzzInputs.Seconds"/> seconds on one thread.
/// </summary>
public sealed class SummariserFuzzTests
{
    private static readonly string[] Words =
    [
        .. FuzzInputs.HostileTokens, "But", "However,", "And", "“", "”", "‘", "’", "(CNN)", "LONDON (AP) —", "(pictured)", "(left)",
        "\u0301", "\uDC00", "😀", "中文", "日本語の文", "한국어", "ש", "İ", "ß", "ﬁ", "…", "!", "?", ".", ";", ":", "—", "-", "\t", "\n",
        "&amp;", "&#39;", "&lsquo;", "http://x.example/z", "@handle", "12\"", "3.5", "1,000", "U.S.", "Dr.", "e.g.", "Mr", "Smith",
        "said", "will", "the", "of", "ALLCAPS", "eBay", "Attorney", "General", new string('a', 300), new string('.', 50), "\u2028", "\u00A0",
    ];

    /// <summary>Given languages; besides them, none (detected from the text).</summary>
    private static readonly string[] Languages = ["en", "es", "de", "fr", "pl", "zh"];

    private static readonly Gen<string> Salad =
        Gen.OneOf(Words).Array[0, 120].Select(Gen.Bool.Array[120], (words, spaces) =>
            string.Concat(words.Select((w, i) => spaces[i] ? w + " " : w)));

    [Fact]
    public void Summarise_ParsedMutatedSamples_GivesNonBlankSentencesAndKeyPhrases() =>
        FuzzInputs.Mutated.Sample(
            input =>
            {
                var outcome = new ArticleParser().Parse(input.Content, input.Name);
                foreach (var article in outcome.Articles)
                {
                    AssertSummarises(article.Title, article.Paragraphs, language: null);
                }
            },
            iter: 1_000_000,
            time: FuzzInputs.Seconds,
            threads: 1,
            print: FuzzInputs.Print);

    [Fact]
    public void Summarise_HostileWordSalad_GivesNonBlankSentencesAndKeyPhrases() =>
        Gen.Select(Salad, Salad.Array[1, 8], Gen.Int[0, Languages.Length].Select(i => i == 0 ? null : Languages[i - 1]))
            .Sample(
                (title, paragraphs, language) => AssertSummarises(title, paragraphs, language),
                iter: 1_000_000,
                time: FuzzInputs.Seconds,
                threads: 1);

    private static void AssertSummarises(string title, IReadOnlyList<string> paragraphs, string? language)
    {
        var clock = Stopwatch.StartNew();
        var draft = new ExtractiveSummariser(new SummariserOptions()).Summarise(new SummaryRequest("fuzz", title, paragraphs, language));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"summarising took {clock.Elapsed.TotalMilliseconds:N0} ms");
        Assert.All(draft.Sentences, s => Assert.False(string.IsNullOrWhiteSpace(s)));
        Assert.All(draft.Keywords, k => Assert.False(string.IsNullOrWhiteSpace(k.Phrase)));
    }
}
