using System.CommandLine;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline eval extract</c>: scores HTML main-content extraction against pages with expected text (<c>--pages</c>),
/// or against pages whose <c>meta.json</c> lists snippets the text must and must not hold (<c>--snippets</c>).
/// </summary>
internal sealed class EvalExtractCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly Option<DirectoryInfo> _pages = new Option<DirectoryInfo>("--pages")
    {
        Description = "Folder of <page>/source.html + <page>/expected.txt",
        HelpName = "dir",
    }.AcceptExistingOnly();

    private readonly Option<DirectoryInfo> _snippets = new Option<DirectoryInfo>("--snippets")
    {
        Description = "Folder of <page>/source.html + <page>/meta.json with \"with\" and \"without\" snippets",
        HelpName = "dir",
    }.AcceptExistingOnly();

    private readonly Option<int> _folds = new Option<int>("--folds")
    {
        Description = "With --snippets: also score each of N folds (split by a hash of the page name) and their mean ± sd",
        HelpName = "k",
        CustomParser = OptionParsers.WholeNumber(2, 20),
    };

    private readonly Option<bool> _study = new("--study")
    {
        Description = "With --snippets: measure each boilerplate rule with cross-validation (--folds, default 5) and the speed; with --pages too, the kept rules must leave those pages a recall of at least 0.98",
    };

    private readonly Option<DirectoryInfo> _texts = new Option<DirectoryInfo>("--texts")
    {
        Description = "With --snippets: score <dir>/<page>.txt written by another extractor (e.g. src/Pipeline.Evaluation/Readability/extract.mjs) instead of ours",
        HelpName = "dir",
    }.AcceptExistingOnly();

    private readonly Option<bool> _json = new("--json") { Description = "Print the scores as JSON instead of lines" };

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Also write each page's extracted text to <dir>/<page>.txt",
        HelpName = "dir",
    };

    public Command Create()
    {
        var command = new Command(
            "extract",
            "Score the HTML extractor against pages with expected text (token precision/recall/F1) or with must/must-not snippets.")
        {
            _pages, _snippets, _folds, _study, _texts, _json, _out,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(_snippets) is null ? result.GetResult(_pages) is null : result.GetResult(_pages) is not null && result.GetResult(_study) is null)
            {
                result.AddError("Give exactly one of --pages or --snippets (--study takes both: --pages then guards the Readability pages).");
            }

            if (result.GetResult(_snippets) is null && (result.GetResult(_folds) is not null || result.GetResult(_study) is not null || result.GetResult(_texts) is not null))
            {
                result.AddError("--folds, --study and --texts apply to --snippets only.");
            }

            if (result.GetResult(_texts) is not null && result.GetResult(_study) is not null)
            {
                result.AddError("--study measures our rules; --texts scores another extractor's output. Give one.");
            }
        });
        command.SetAction((result, cancellationToken) => result.GetValue(_snippets) is { } snippets
            ? result.GetValue(_study)
                ? RunStudyAsync(snippets.FullName, result.GetValue(_pages)?.FullName, result.GetValue(_folds) is > 0 and var k ? k : 5, cancellationToken)
                : RunSnippetsAsync(snippets.FullName, result.GetValue(_json), result.GetValue(_out)?.FullName, result.GetValue(_folds), cancellationToken, result.GetValue(_texts)?.FullName)
            : RunAsync(result.GetRequiredValue(_pages).FullName, result.GetValue(_json), result.GetValue(_out)?.FullName, cancellationToken));
        return command;
    }

    public static async Task<int> RunStudyAsync(string pages, string? referencePages, int folds, CancellationToken cancellationToken)
    {
        var loaded = await ExtractionEvaluator.LoadSnippetPagesAsync(pages, cancellationToken);
        var reference = referencePages is null ? null : await ExtractionEvaluator.LoadReferencePagesAsync(referencePages, cancellationToken);
        if (loaded.Count == 0)
        {
            await Console.Error.WriteLineAsync($"No pages with source.html and meta.json under {pages}.");
            return 1;
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant(
            $"boilerplate rules, {folds}-fold cross-validation over {loaded.Count} pages; gains in points, held-out, each rule alone against no rule:"));
        foreach (var line in BoilerplateStudy.Run(loaded, reference, folds))
        {
            await Console.Out.WriteLineAsync(line);
        }

        return 0;
    }

    public async Task<int> RunSnippetsAsync(string pages, bool asJson, string? outDirectory, int folds, CancellationToken cancellationToken, string? texts = null)
    {
        var report = texts is null
            ? await new ExtractionEvaluator().EvaluateSnippetsAsync(pages, cancellationToken)
            : await ExtractionEvaluator.EvaluateSnippetTextsAsync(pages, texts, cancellationToken);
        await WriteTextsAsync(outDirectory, report.Pages.Select(p => (p.Page, p.ExtractedText)), cancellationToken);
        if (asJson)
        {
            var json = new
            {
                summary = report.SummaryLine,
                parts = report.PartLines,
                folds = folds > 0 ? report.FoldLines(folds) : [],
                pages = report.Pages.Count,
                with = Math.Round(report.With, 4),
                without = Math.Round(report.Without, 4),
                benchmark = report.BenchmarkLine,
                results = report.Pages.Select(p => new
                {
                    page = p.Page, part = p.Part, withFound = p.WithFound, withCount = p.WithCount,
                    withoutFound = p.WithoutFound, withoutCount = p.WithoutCount, error = p.Error,
                }),
            };
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(json, JsonOptions));
            return 0;
        }

        foreach (var page in report.Pages)
        {
            var error = page.Error is null ? string.Empty : "  (" + page.Error + ")";
            await Console.Out.WriteLineAsync(FormattableString.Invariant(
                $"{page.Page,-48} part={page.Part} with={page.WithFound}/{page.WithCount} without={page.WithoutFound}/{page.WithoutCount}{error}"));
        }

        foreach (var line in folds > 0 ? report.PartLines.Concat(report.FoldLines(folds)) : report.PartLines)
        {
            await Console.Out.WriteLineAsync(line);
        }

        await Console.Out.WriteLineAsync(report.BenchmarkLine);
        await Console.Out.WriteLineAsync(report.SummaryLine);
        return report.Pages.Count == 0 ? 1 : 0;
    }

    private static async Task WriteTextsAsync(string? outDirectory, IEnumerable<(string Page, string Text)> pages, CancellationToken cancellationToken)
    {
        if (outDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(outDirectory);
        foreach (var (page, text) in pages)
        {
            await File.WriteAllTextAsync(Path.Combine(outDirectory, page + ".txt"), text + "\n", cancellationToken);
        }
    }

    public async Task<int> RunAsync(string pages, bool asJson, string? outDirectory, CancellationToken cancellationToken)
    {
        var report = await new ExtractionEvaluator().EvaluateAsync(pages, cancellationToken);
        await WriteTextsAsync(outDirectory, report.Pages.Select(p => (p.Page, p.ExtractedText)), cancellationToken);

        if (asJson)
        {
            var json = new
            {
                summary = report.SummaryLine,
                pages = report.Pages.Count,
                precision = Math.Round(report.Precision, 4),
                recall = Math.Round(report.Recall, 4),
                f1 = Math.Round(report.F1, 4),
                results = report.Pages.Select(p => new { page = p.Page, precision = Math.Round(p.Precision, 4), recall = Math.Round(p.Recall, 4), f1 = Math.Round(p.F1, 4), error = p.Error }),
            };
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(json, JsonOptions));
            return 0;
        }

        foreach (var page in report.Pages)
        {
            var error = page.Error is null ? string.Empty : "  (" + page.Error + ")";
            await Console.Out.WriteLineAsync(FormattableString.Invariant($"{page.Page,-48} precision={page.Precision:F4} recall={page.Recall:F4} f1={page.F1:F4}{error}"));
        }

        await Console.Out.WriteLineAsync(report.SummaryLine);
        return report.Pages.Count == 0 ? 1 : 0;
    }
}
