using System.CommandLine;
using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval extract</c>: scores HTML main-content extraction against pages with expected text.</summary>
internal sealed class EvalExtractCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly Option<DirectoryInfo> _pages = new Option<DirectoryInfo>("--pages")
    {
        Description = "Folder of <page>/source.html + <page>/expected.txt",
        HelpName = "dir",
        Required = true,
    }.AcceptExistingOnly();

    private readonly Option<bool> _json = new("--json") { Description = "Print the scores as JSON instead of lines" };

    private readonly Option<DirectoryInfo> _out = new("--out")
    {
        Description = "Also write each page's extracted text to <dir>/<page>.txt",
        HelpName = "dir",
    };

    public Command Create()
    {
        var command = new Command("extract", "Score the HTML extractor against pages with expected text (token precision/recall/F1).") { _pages, _json, _out };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(_pages).FullName, result.GetValue(_json), result.GetValue(_out)?.FullName, cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string pages, bool asJson, string? outDirectory, CancellationToken cancellationToken)
    {
        var report = await new ExtractionEvaluator().EvaluateAsync(pages, cancellationToken);
        if (outDirectory is not null)
        {
            Directory.CreateDirectory(outDirectory);
            foreach (var page in report.Pages)
            {
                await File.WriteAllTextAsync(Path.Combine(outDirectory, page.Page + ".txt"), page.ExtractedText + "\n", cancellationToken);
            }
        }

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
