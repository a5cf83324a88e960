using System.Globalization;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;
using Xunit.Abstractions;

namespace Pipeline.Llm.Tests;

/// <summary>
/// Measures the prompt each seed article really sends (system + user message, o200k tokens) and the size of a
/// typical reply, for the README's cost figures. Run with
/// <c>dotnet test tests/Pipeline.Llm.Tests --filter SeedTokenCount --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class SeedTokenCountTests(ITestOutputHelper output)
{
    [Fact]
    public void CountTokens_SeedArticles_FitInOneChunkAndAreMeasured()
    {
        var seeds = Path.Combine(RepositoryRoot(), "seeds", "articles");
        var parser = new ArticleParser();
        var extractive = new ExtractiveSummariser(new SummariserOptions());
        var totals = (Prompt: 0, Reply: 0, Articles: 0);
        foreach (var file in Directory.GetFiles(seeds).Order(StringComparer.Ordinal))
        {
            foreach (var article in parser.Parse(File.ReadAllBytes(file), Path.GetFileName(file)).Articles)
            {
                var chunks = ArticleChunker.Split(article.Paragraphs, new AzureOpenAIOptions().ChunkTokens, 8).Chunks;
                var prompt = TokenCounter.Count(SummaryPrompt.ForChunk(article.Title, chunks[0], 1, 1));
                var reply = TokenCounter.Count(TypicalReply(extractive.Summarise(new SummaryRequest("seed", article.Title, article.Paragraphs))));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {prompt} prompt tokens, ~{reply} reply tokens"));
                Assert.Single(chunks);
                totals = (totals.Prompt + prompt, totals.Reply + reply, totals.Articles + 1);
            }
        }

        Assert.Equal(6, totals.Articles);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean: {totals.Prompt / totals.Articles} prompt, {totals.Reply / totals.Articles} reply tokens; system prompt alone {TokenCounter.Count(SummaryPrompt.SummariseSystem)}"));
    }

    /// <summary>A reply of the shape the prompt asks for, 3 sentences and 8 key phrases, built from the extractive summary.</summary>
    private static string TypicalReply(SummaryDraft draft) => System.Text.Json.JsonSerializer.Serialize(new
    {
        summary = string.Join(' ', draft.Sentences.Take(3)),
        keywords = draft.Keywords.Take(8).Select(k => k.Phrase),
        headline = "A factual headline of about ten words for this article",
    });

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
