using System.Text;
using System.Text.Json;

namespace Pipeline.SummaryBenchmarks;

/// <summary>
/// Articles to benchmark on: real CNN/DailyMail articles from ../shared/data when present, otherwise deterministic
/// generated news-like text, so the figures are reproducible anywhere.
/// </summary>
internal static class BenchmarkArticles
{
    private static readonly string[] Subjects = ["The minister", "The city council", "Police officers", "The company", "Local residents", "The governor", "Health officials", "The union", "Investigators", "The court"];
    private static readonly string[] Verbs = ["announced", "rejected", "reviewed", "defended", "questioned", "approved", "delayed", "expanded", "criticised", "funded"];
    private static readonly string[] Objects = ["the transport budget", "a new housing plan", "the border checks", "the hospital merger", "the school reform", "a tax on sugar", "the flood defences", "the pension changes", "the election rules", "the water contract"];
    private static readonly string[] Tails = ["on Tuesday after a long debate", "despite strong opposition", "in a statement to reporters", "amid growing public pressure", "for the second time this year", "after months of talks", "with support from both parties", "following an independent report"];

    /// <summary>Paragraphs totalling roughly <paramref name="words"/> words.</summary>
    public static (string Title, string[] Paragraphs) Make(int words) => MakeMany(words, 1)[0];

    /// <summary>
    /// Up to <paramref name="count"/> different articles of roughly <paramref name="words"/> words each: successive
    /// stretches of the CNN/DailyMail articles (as many as they hold), so a benchmark can summarise a stream of
    /// different texts as a host does, not one article over and over.
    /// </summary>
    public static (string Title, string[] Paragraphs)[] MakeMany(int words, int count)
    {
        var real = FromDevSet(words).Take(count).ToArray();
        return real.Length > 0 ? real : [.. Enumerable.Range(0, count).Select(seed => Generate(words, seed))];
    }

    private static IEnumerable<(string, string[])> FromDevSet(int words)
    {
        var path = FindPairs();
        if (path is null)
        {
            yield break;
        }

        var paragraphs = new List<string>();
        var count = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            if (!json.RootElement.GetProperty("dataset").GetString()!.StartsWith("cnndm", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var paragraph in json.RootElement.GetProperty("article").GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var paragraphWords = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var take = Math.Min(paragraphWords.Length, words - count);
                paragraphs.Add(string.Join(' ', paragraphWords.Take(take)));
                count += take;
                if (count >= words)
                {
                    yield return ("Benchmark article", paragraphs.ToArray());
                    paragraphs.Clear();
                    count = 0;
                }
            }
        }
    }

    private static (string, string[]) Generate(int words, int seed)
    {
        var random = new Random(42 + seed);
        var paragraphs = new List<string>();
        var count = 0;
        while (count < words)
        {
            var paragraph = new StringBuilder();
            for (var s = 0; s < 3 && count < words; s++)
            {
                var sentence = $"{Pick(Subjects)} {Pick(Verbs)} {Pick(Objects)} {Pick(Tails)}, and said {Pick(Objects)} was {random.Next(2, 90)} percent complete. ";
                paragraph.Append(sentence);
                count += sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            }

            paragraphs.Add(paragraph.ToString().Trim());
        }

        return ("Council approves transport budget", paragraphs.ToArray());

        string Pick(string[] options) => options[random.Next(options.Length)];
    }

    private static string? FindPairs()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                var path = Path.Combine(directory.FullName, "..", "shared", "data", "summaries", "pairs.jsonl");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
