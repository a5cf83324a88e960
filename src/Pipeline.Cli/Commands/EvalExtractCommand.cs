using System.Text.Json;
using Pipeline.Evaluation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval extract</c>: scores HTML main-content extraction against pages with expected text.</summary>
internal sealed class EvalExtractCommand : ICommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Name => "eval extract";

    public string Summary => "Score the HTML extractor against pages with expected text (token precision/recall/F1).";

    public string Usage =>
        """
          --pages <dir>   Folder of <page>/source.html + <page>/expected.txt
          --json          Print the scores as JSON instead of lines
          --out <dir>     Also write each page's extracted text to <dir>/<page>.txt
        """;

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var pages = line.Require("pages");
        if (!Directory.Exists(pages))
        {
            throw new CommandLineException($"--pages: no folder '{pages}'.");
        }

        var report = await new ExtractionEvaluator().EvaluateAsync(pages, cancellationToken);
        if (line.Get("out") is { } outDirectory)
        {
            Directory.CreateDirectory(outDirectory);
            foreach (var page in report.Pages)
            {
                await File.WriteAllTextAsync(Path.Combine(outDirectory, page.Page + ".txt"), page.ExtractedText + "\n", cancellationToken);
            }
        }

        if (line.Has("json"))
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
