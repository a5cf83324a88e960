using System.Globalization;
using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Evaluation;

/// <summary>How well the extracted text of one page matches the text a reader view should show.</summary>
/// <param name="Page">The page's folder name.</param>
/// <param name="Precision">Share of extracted tokens that are in the expected text (with multiplicity).</param>
/// <param name="Recall">Share of expected tokens that were extracted.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="ExtractedText">The text the parser extracted: its paragraphs, one per line.</param>
/// <param name="Error">Why the page produced no article, when it did not.</param>
public sealed record PageScore(string Page, double Precision, double Recall, double F1, string ExtractedText, string? Error);

/// <summary>One page with the text a reader view should extract from it.</summary>
public sealed record ReferencePage(string Name, byte[] Html, string Expected);

/// <summary>The mean scores over a folder of pages.</summary>
public sealed record ExtractionReport(IReadOnlyList<PageScore> Pages, double Precision, double Recall, double F1)
{
    /// <summary>The summary line: <c>extract: pages=N precision=P recall=R f1=F</c>.</summary>
    public string SummaryLine => string.Create(CultureInfo.InvariantCulture, $"extract: pages={Pages.Count} precision={Precision:F4} recall={Recall:F4} f1={F1:F4}");
}

/// <summary>
/// Scores HTML main-content extraction against pages laid out as <c>&lt;page&gt;/source.html</c> with
/// <c>&lt;page&gt;/expected.txt</c>: token-level precision, recall and F1 over bags of lower-cased word tokens.
/// </summary>
public sealed partial class ExtractionEvaluator
{
    /// <summary>Reads every page folder under <paramref name="pagesDirectory"/> with <c>source.html</c> and <c>expected.txt</c>, in name order.</summary>
    public static async Task<IReadOnlyList<ReferencePage>> LoadReferencePagesAsync(string pagesDirectory, CancellationToken cancellationToken = default)
    {
        var pages = new List<ReferencePage>();
        foreach (var directory in Directory.EnumerateDirectories(pagesDirectory).Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(directory, "source.html");
            var expectedPath = Path.Combine(directory, "expected.txt");
            if (File.Exists(source) && File.Exists(expectedPath))
            {
                pages.Add(new ReferencePage(
                    Path.GetFileName(directory),
                    await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false),
                    await File.ReadAllTextAsync(expectedPath, cancellationToken).ConfigureAwait(false)));
            }
        }

        return pages;
    }

    /// <summary>Scores every page folder under <paramref name="pagesDirectory"/> that has both files, in name order.</summary>
    public async Task<ExtractionReport> EvaluateAsync(string pagesDirectory, CancellationToken cancellationToken = default)
    {
        var pages = new List<PageScore>();
        foreach (var directory in Directory.EnumerateDirectories(pagesDirectory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = Path.Combine(directory, "source.html");
            var expectedPath = Path.Combine(directory, "expected.txt");
            if (!File.Exists(source) || !File.Exists(expectedPath))
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
            var expected = await File.ReadAllTextAsync(expectedPath, cancellationToken).ConfigureAwait(false);
            pages.Add(Score(Path.GetFileName(directory), bytes, expected));
        }

        return pages.Count == 0
            ? new ExtractionReport(pages, 0, 0, 0)
            : new ExtractionReport(pages, pages.Average(p => p.Precision), pages.Average(p => p.Recall), pages.Average(p => p.F1));
    }

    /// <summary>Parses one page's bytes as HTML and scores the text against <paramref name="expected"/>.</summary>
    public static PageScore Score(string page, ReadOnlySpan<byte> html, string expected) => Score(page, html, expected, new ArticleParser());

    internal static PageScore Score(string page, ReadOnlySpan<byte> html, string expected, ArticleParser parser)
    {
        var outcome = parser.Parse(html, page + ".html");
        var text = outcome.IsRejected ? string.Empty : string.Join('\n', outcome.Articles[0].Paragraphs);
        var (precision, recall, f1) = Compare(text, expected);
        return new PageScore(page, precision, recall, f1, text, outcome.Rejection?.Message);
    }

    /// <summary>Token-level precision, recall and F1 of <paramref name="actual"/> against <paramref name="expected"/>.</summary>
    public static (double Precision, double Recall, double F1) Compare(string actual, string expected)
    {
        var actualTokens = Tokens(actual);
        var expectedTokens = Tokens(expected);
        var actualCount = actualTokens.Values.Sum();
        var expectedCount = expectedTokens.Values.Sum();
        if (actualCount == 0 || expectedCount == 0)
        {
            var same = actualCount == expectedCount ? 1.0 : 0.0;
            return (same, same, same);
        }

        var overlap = 0;
        foreach (var (token, count) in actualTokens)
        {
            overlap += Math.Min(count, expectedTokens.GetValueOrDefault(token));
        }

        var precision = (double)overlap / actualCount;
        var recall = (double)overlap / expectedCount;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>Lower-cased runs of word characters (letters, digits, marks, connectors), counted.</summary>
    public static Dictionary<string, int> Tokens(string text)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (IsWordChar(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                Add(tokens, current);
            }
        }

        if (current.Length > 0)
        {
            Add(tokens, current);
        }

        return tokens;
    }

    private static void Add(Dictionary<string, int> tokens, StringBuilder current)
    {
        var token = current.ToString();
        tokens[token] = tokens.GetValueOrDefault(token) + 1;
        current.Clear();
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };
}
