using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Cli.Bench;

/// <summary>The sizes of article <c>bench e2e</c> drops.</summary>
internal enum BenchSize
{
    Small,
    Mixed,
    Large,
}

/// <summary>One generated file: its blob name, its bytes, and how many words of body text it holds.</summary>
internal sealed record BenchFile(string Name, BinaryData Content, int Words);

/// <summary>
/// Generates news-like articles from a fixed seed. <c>small</c> is about 55 words of plain text; <c>mixed</c> cycles
/// through txt, html, md and json with bodies from 100 to 5,000 words; <c>large</c> is 5,000-word html.
/// </summary>
internal static class BenchArticles
{
    private static readonly string[] Formats = ["txt", "html", "md", "json"];

    private static readonly string[] Subjects = ["The council", "The rail operator", "The hospital trust", "The water company", "Residents", "The university", "The police", "The school board", "The port authority", "Local traders"];
    private static readonly string[] Verbs = ["announced", "delayed", "approved", "rejected", "reviewed", "funded", "questioned", "postponed", "expanded", "closed"];
    private static readonly string[] Objects = ["a new tram line", "repairs to the harbour bridge", "the library budget", "a flood defence scheme", "night bus routes", "the market square plans", "a housing project", "school meal prices", "the cycle lane network", "a hospital car park"];
    private static readonly string[] Tails = ["after a long consultation", "despite objections from neighbours", "following a vote on Tuesday", "to the surprise of campaigners", "citing rising costs", "with work due to start in spring", "as part of a ten-year plan", "after an inspection found faults"];

    public static IEnumerable<BenchFile> Generate(string prefix, int count, BenchSize size, int seed = 11)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (format, words) = size switch
            {
                BenchSize.Small => ("txt", 55),
                BenchSize.Large => ("html", 5000),
                // Every format in turn; sizes spread log-uniformly over 100..5,000 words, with both ends present.
                _ => (Formats[i % Formats.Length], i % 10 == 0 ? 100 : i % 10 == 1 ? 5000 : (int)Math.Round(100 * Math.Pow(50, random.NextDouble()))),
            };
            var title = string.Create(CultureInfo.InvariantCulture, $"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Objects)} (report {i})");
            var (body, written) = Body(random, words, i);
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}/{i:D6}.{format}");
            yield return new BenchFile(name, BinaryData.FromString(Render(format, title, body)), written);
        }
    }

    private static (List<string> Paragraphs, int Words) Body(Random random, int words, int index)
    {
        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();
        var written = 0;
        var sentence = 0;
        while (written < words)
        {
            var text = string.Create(
                CultureInfo.InvariantCulture,
                $"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Objects)} in district {random.Next(1, 40)} {Pick(random, Tails)}, according to bulletin {index}-{sentence}.");
            var count = text.Count(c => c == ' ') + 1;
            if (written > 0 && written + count - words > words - written)
            {
                // Stopping short is nearer the target than one more sentence.
                break;
            }

            sentence++;
            written += count;
            paragraph.Append(paragraph.Length > 0 ? " " : "").Append(text);
            if (sentence % 5 == 0)
            {
                paragraphs.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }

        if (paragraph.Length > 0)
        {
            paragraphs.Add(paragraph.ToString());
        }

        return (paragraphs, written);
    }

    private static string Render(string format, string title, List<string> body) => format switch
    {
        "html" => $"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>"
            + string.Concat(body.Select(p => $"<p>{p}</p>")) + "</article><footer>Local News</footer></body></html>",
        "md" => $"# {title}\n\n" + string.Join("\n\n", body) + "\n",
        "json" => JsonSerializer.Serialize(new { title, body = string.Join("\n\n", body), published = "2026-12-01T09:00:00Z" }),
        _ => $"{title}\n\n" + string.Join("\n\n", body) + "\n",
    };

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
