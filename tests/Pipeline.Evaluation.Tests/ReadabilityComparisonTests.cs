using System.Diagnostics;
using Pipeline.Core.Tests.Ingestion;

namespace Pipeline.Evaluation.Tests;

/// <summary>Scoring another extractor's texts with our snippet scorer, and the script that runs Mozilla Readability.</summary>
public sealed class ReadabilityComparisonTests : IDisposable
{
    private const string Article =
        "<p>The harbour authority approved the new ferry timetable on Monday, adding three crossings a day, and said fares would stay the same until spring.</p>"
        + "<p>Island residents, who had asked for earlier morning sailings for years, welcomed the change, although some said the last ferry still leaves too early.</p>"
        + "<p>The authority said it would review the timetable after six months, once it had figures for how many passengers used the extra crossings.</p>";

    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-readability-").FullName;

    public ReadabilityComparisonTests()
    {
        WritePage("ferry", $"<html><head><title>Ferry timetable</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav><article><h1>Ferry timetable</h1>{Article}</article><footer>Sign up for our newsletter</footer></body></html>",
            """{"with": ["adding three crossings a day", "review the timetable after six months"], "without": ["Sign up for our newsletter"]}""");
        WritePage("second", "<html><body><p>Short.</p></body></html>", """{"with": ["Short."], "without": []}""");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Pages => Path.Combine(_root, "pages");

    private void WritePage(string name, string html, string meta)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "pages", name)).FullName;
        File.WriteAllText(Path.Combine(folder, "source.html"), html);
        File.WriteAllText(Path.Combine(folder, "meta.json"), meta);
    }

    [Fact]
    public async Task EvaluateSnippetTextsAsync_AnotherExtractorsTexts_ScoredWithOurScorerAndAMissingTextCountsAsEmpty()
    {
        var texts = Directory.CreateDirectory(Path.Combine(_root, "texts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(texts, "ferry.txt"), "Ferry timetable\nThe harbour authority approved the new ferry timetable on Monday, adding three  crossings a day.\nSign up for our newsletter");

        var report = await ExtractionEvaluator.EvaluateSnippetTextsAsync(Pages, texts);

        var ferry = report.Pages.Single(p => p.Page == "ferry");
        Assert.Equal((1, 2, 1, 1), (ferry.WithFound, ferry.WithCount, ferry.WithoutFound, ferry.WithoutCount));
        var second = report.Pages.Single(p => p.Page == "second");
        Assert.Equal((0, "no text file"), (second.WithFound, second.Error));
    }

    [Fact]
    public async Task ExtractScript_RealPage_WritesReadabilitysArticleTextThatTheScorerReads()
    {
        var repository = SharedData.Checkout();
        var texts = Path.Combine(_root, "readability");
        var start = new ProcessStartInfo("node", [Path.Combine(repository, "src", "Pipeline.Evaluation", "Readability", "extract.mjs"), Pages, texts])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repository,
        };
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, errors);
        Assert.Contains("readability: pages=2", output, StringComparison.Ordinal);
        var ferry = await File.ReadAllTextAsync(Path.Combine(texts, "ferry.txt"));
        Assert.Contains("adding three crossings a day", ferry, StringComparison.Ordinal);
        Assert.DoesNotContain("Sport", ferry, StringComparison.Ordinal);
        var report = await ExtractionEvaluator.EvaluateSnippetTextsAsync(Pages, texts);
        Assert.Equal(2, report.Pages.Single(p => p.Page == "ferry").WithFound);
    }
}
