using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Ingestion;

namespace Pipeline.Evaluation;

/// <summary>The snippets one page's <c>meta.json</c> lists: text the main content must hold, and boilerplate it must not.</summary>
public sealed record SnippetExpectation(
    [property: JsonPropertyName("with")] IReadOnlyList<string> With,
    [property: JsonPropertyName("without")] IReadOnlyList<string> Without);

/// <summary>One page of the snippet set: its folder name, its HTML bytes and its snippets.</summary>
public sealed record SnippetPage(string Name, byte[] Html, SnippetExpectation Expectation);

/// <summary>Which of one page's snippets the extracted text holds.</summary>
/// <param name="Page">The page's folder name.</param>
/// <param name="Part">The held-out part the page falls in ("A" or "B"), from a stable hash of its name.</param>
/// <param name="WithFound">How many <c>with</c> snippets are in the text (higher is better).</param>
/// <param name="WithCount">How many <c>with</c> snippets the page lists.</param>
/// <param name="WithoutFound">How many <c>without</c> snippets are in the text (lower is better).</param>
/// <param name="WithoutCount">How many <c>without</c> snippets the page lists.</param>
/// <param name="ExtractedText">The text the parser extracted: its paragraphs, one per line.</param>
/// <param name="Error">Why the page produced no article, when it did not.</param>
public sealed record SnippetPageScore(string Page, string Part, int WithFound, int WithCount, int WithoutFound, int WithoutCount, string ExtractedText, string? Error);

/// <summary>Snippet presence over a folder of pages, pooled over all snippets as trafilatura's benchmark counts them.</summary>
public sealed record SnippetReport(IReadOnlyList<SnippetPageScore> Pages)
{
    /// <summary>Share of all <c>with</c> snippets found (trafilatura's recall).</summary>
    public double With => Ratio(Pages.Sum(p => p.WithFound), Pages.Sum(p => p.WithCount));

    /// <summary>Share of all <c>without</c> snippets found: boilerplate that leaked into the text.</summary>
    public double Without => Ratio(Pages.Sum(p => p.WithoutFound), Pages.Sum(p => p.WithoutCount));

    /// <summary>
    /// Precision as trafilatura's benchmark derives it from the pooled counts (<c>tests/eval_common.py</c>): a
    /// <c>with</c> snippet found is a true positive, a <c>without</c> snippet found a false positive.
    /// </summary>
    public double Precision => Ratio(Pages.Sum(p => p.WithFound), Pages.Sum(p => p.WithFound + p.WithoutFound));

    /// <summary>Snippets on the right side: <c>with</c> ones found and <c>without</c> ones not, over all snippets.</summary>
    public double Accuracy => Ratio(
        Pages.Sum(p => p.WithFound + p.WithoutCount - p.WithoutFound),
        Pages.Sum(p => p.WithCount + p.WithoutCount));

    /// <summary>F1 of <see cref="Precision"/> and <see cref="With"/> (the benchmark's recall): 2TP / (2TP + FP + FN).</summary>
    public double F1 => Ratio(
        2 * Pages.Sum(p => p.WithFound),
        Pages.Sum(p => (2 * p.WithFound) + p.WithoutFound + (p.WithCount - p.WithFound)));

    /// <summary>The summary line: <c>snippets: pages=N with=W without=O</c>.</summary>
    public string SummaryLine => Line("snippets", Pages);

    /// <summary>
    /// The same counts as the figures of trafilatura's published evaluation table, so they can stand beside them:
    /// <c>snippets as trafilatura scores them: precision=P recall=R accuracy=A f1=F</c>.
    /// </summary>
    public string BenchmarkLine => string.Create(
        CultureInfo.InvariantCulture,
        $"snippets as trafilatura scores them: precision={Precision:F4} recall={With:F4} accuracy={Accuracy:F4} f1={F1:F4}");

    /// <summary>One summary line per held-out part, so that a change tuned on one part can be confirmed on the other.</summary>
    public IEnumerable<string> PartLines =>
        Pages.GroupBy(p => p.Part).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Line($"snippets[{g.Key}]", [.. g]));

    /// <summary>
    /// One line per fold of a <paramref name="folds"/>-fold split by a stable hash of the page name, then the mean and
    /// sample standard deviation over the folds: the spread a change must beat.
    /// </summary>
    public IEnumerable<string> FoldLines(int folds)
    {
        var byFold = Enumerable.Range(0, folds).Select(f => Pages.Where(p => CrossValidation.FoldOf(p.Page, folds) == f).ToList()).ToList();
        foreach (var (fold, index) in byFold.Select((fold, index) => (fold, index)))
        {
            yield return Line($"snippets[fold {index + 1}/{folds}]", fold);
        }

        var with = FoldSpread.Of([.. byFold.Select(f => new SnippetReport(f).With)]);
        var without = FoldSpread.Of([.. byFold.Select(f => new SnippetReport(f).Without)]);
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"snippets[{folds} folds]: with={with.Mean:F4} ± {with.StandardDeviation:F4} without={without.Mean:F4} ± {without.StandardDeviation:F4}");
    }

    private static string Line(string label, IReadOnlyList<SnippetPageScore> pages)
    {
        var report = new SnippetReport(pages);
        return string.Create(CultureInfo.InvariantCulture, $"{label}: pages={pages.Count} with={report.With:F4} without={report.Without:F4}");
    }

    private static double Ratio(int found, int count) => count == 0 ? 0 : (double)found / count;
}

public sealed partial class ExtractionEvaluator
{
    private static readonly JsonSerializerOptions SnippetJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Scores every folder under <paramref name="pagesDirectory"/> that has <c>source.html</c> and a <c>meta.json</c>
    /// with <c>with</c>/<c>without</c> snippets (trafilatura's evaluation set), in name order.
    /// </summary>
    public async Task<SnippetReport> EvaluateSnippetsAsync(string pagesDirectory, CancellationToken cancellationToken = default)
    {
        var pages = await LoadSnippetPagesAsync(pagesDirectory, cancellationToken).ConfigureAwait(false);
        return new SnippetReport([.. pages.Select(p => ScoreSnippets(p.Name, p.Html, p.Expectation))]);
    }

    /// <summary>
    /// Scores the texts another extractor wrote, <c>&lt;textsDirectory&gt;/&lt;page&gt;.txt</c>, against the same pages'
    /// snippets, with the same scorer as ours; a page without a text file scores as an empty text.
    /// </summary>
    public static async Task<SnippetReport> EvaluateSnippetTextsAsync(string pagesDirectory, string textsDirectory, CancellationToken cancellationToken = default)
    {
        var pages = await LoadSnippetPagesAsync(pagesDirectory, cancellationToken).ConfigureAwait(false);
        var scores = new List<SnippetPageScore>(pages.Count);
        foreach (var page in pages)
        {
            var path = Path.Combine(textsDirectory, page.Name + ".txt");
            var exists = File.Exists(path);
            var text = exists ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : string.Empty;
            scores.Add(ScoreText(page.Name, text, page.Expectation, exists ? null : "no text file"));
        }

        return new SnippetReport(scores);
    }

    /// <summary>Reads every page folder with <c>source.html</c> and a <c>meta.json</c> that lists snippets, in name order.</summary>
    public static async Task<IReadOnlyList<SnippetPage>> LoadSnippetPagesAsync(string pagesDirectory, CancellationToken cancellationToken = default)
    {
        var pages = new List<SnippetPage>();
        foreach (var directory in Directory.EnumerateDirectories(pagesDirectory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = Path.Combine(directory, "source.html");
            var metaPath = Path.Combine(directory, "meta.json");
            if (!File.Exists(source) || !File.Exists(metaPath))
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
            await using var meta = File.OpenRead(metaPath);
            var expectation = await JsonSerializer.DeserializeAsync<SnippetExpectation>(meta, SnippetJson, cancellationToken).ConfigureAwait(false);
            if (expectation?.With is null || expectation.Without is null)
            {
                continue;
            }

            pages.Add(new SnippetPage(Path.GetFileName(directory), bytes, expectation));
        }

        return pages;
    }

    /// <summary>Parses one page's bytes as HTML and counts which snippets its extracted text holds.</summary>
    public static SnippetPageScore ScoreSnippets(string page, ReadOnlySpan<byte> html, SnippetExpectation expectation) =>
        ScoreSnippets(page, html, expectation, new ArticleParser());

    internal static SnippetPageScore ScoreSnippets(string page, ReadOnlySpan<byte> html, SnippetExpectation expectation, ArticleParser parser)
    {
        var outcome = parser.Parse(html, page + ".html");
        var text = outcome.IsRejected ? string.Empty : string.Join('\n', outcome.Articles[0].Paragraphs);
        return ScoreText(page, text, expectation, outcome.Rejection?.Message);
    }

    private static SnippetPageScore ScoreText(string page, string text, SnippetExpectation expectation, string? error)
    {
        var normalised = NormaliseSpace(text);
        return new SnippetPageScore(
            page,
            PartOf(page),
            expectation.With.Count(s => Contains(normalised, s)),
            expectation.With.Count,
            expectation.Without.Count(s => Contains(normalised, s)),
            expectation.Without.Count,
            text,
            error);
    }

    /// <summary>
    /// "A" or "B" by FNV-1a of the page name: fixed halves that do not move when pages are added, unlike a split by
    /// position, and that no one picks by hand.
    /// </summary>
    public static string PartOf(string page) => (CrossValidation.StableHash32(page) & 1) == 0 ? "A" : "B";

    /// <summary>
    /// Whether the text holds the snippet, as trafilatura's own benchmark decides (<c>tests/eval_common.py</c>): an
    /// ordinal, case-sensitive substring test after every whitespace run on both sides is collapsed to one space, so
    /// that a line break between our paragraphs or a non-breaking space in the page costs nothing but a wrong case does.
    /// </summary>
    public static bool Contains(string normalisedText, string snippet) =>
        normalisedText.Contains(NormaliseSpace(snippet), StringComparison.Ordinal);

    /// <summary>Every run of whitespace (non-breaking spaces too) as one space, without leading or trailing space.</summary>
    public static string NormaliseSpace(string text) => ArticleText.Collapse(text);
}
