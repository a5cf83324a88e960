using System.Text;
using BenchmarkDotNet.Attributes;
using Pipeline.Core.Ingestion;

namespace Pipeline.Benchmarks;

/// <summary>
/// Parsing throughput: a batch of typical ~50 KB news pages (dev pages from ../shared/data/html when present,
/// otherwise generated ones) and a batch of ~5 KB text files. Each op is one file, so Mean is the time per file.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private const int BatchSize = 8;

    private static readonly string[] DevPages = ["medium-2", "ars-1", "herald-sun-1", "heise", "la-nacion", "mercurial", "ietf-1", "ehow-1"];

    private readonly ArticleParser _parser = new();
    private byte[][] _htmlPages = [];
    private byte[][] _textFiles = [];

    [GlobalSetup]
    public void Setup()
    {
        _htmlPages = LoadDevPages() ?? Enumerable.Range(0, BatchSize).Select(GeneratedPage).ToArray();
        _textFiles = Enumerable.Range(0, BatchSize).Select(GeneratedText).ToArray();
        foreach (var page in _htmlPages.Concat(_textFiles))
        {
            if (_parser.Parse(page, "check").IsRejected)
            {
                throw new InvalidOperationException("A benchmark input was rejected; the numbers would measure the wrong path.");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int HtmlPage50K()
    {
        var paragraphs = 0;
        foreach (var page in _htmlPages)
        {
            paragraphs += _parser.Parse(page, "page.html").Articles[0].Paragraphs.Count;
        }

        return paragraphs;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int TextFile5K()
    {
        var paragraphs = 0;
        foreach (var file in _textFiles)
        {
            paragraphs += _parser.Parse(file, "story.txt").Articles[0].Paragraphs.Count;
        }

        return paragraphs;
    }

    private static byte[][]? LoadDevPages()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var pages = Path.Combine(directory.FullName, "..", "shared", "data", "html");
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")) && Directory.Exists(pages))
            {
                var files = DevPages.Select(p => Path.Combine(pages, p, "source.html")).Where(File.Exists).ToList();
                return files.Count == 0 ? null : files.Select(File.ReadAllBytes).ToArray();
            }
        }

        return null;
    }

    private static byte[] GeneratedPage(int seed)
    {
        var random = new Random(seed);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Generated story | Bench News</title>");
        html.Append("<meta property=\"og:site_name\" content=\"Bench News\"><script>var x = 1;</script><style>body{margin:0}</style></head><body>");
        html.Append("<header class=\"masthead\"><nav><ul>");
        for (var i = 0; i < 40; i++)
        {
            html.Append("<li><a href=\"/section/").Append(i).Append("\">Section ").Append(i).Append("</a></li>");
        }

        html.Append("</ul></nav></header><div class=\"wrap\"><aside class=\"sidebar\">");
        for (var i = 0; i < 20; i++)
        {
            html.Append("<div class=\"promo\"><a href=\"/p/").Append(i).Append("\">").Append(Sentence(random)).Append("</a></div>");
        }

        html.Append("</aside><article class=\"story-body\"><h1>Generated story</h1>");
        while (html.Length < 45_000)
        {
            html.Append("<p>").Append(Sentence(random)).Append(' ').Append(Sentence(random)).Append(", <a href=\"/x\">").Append(Sentence(random)).Append("</a> ").Append(Sentence(random)).Append("</p>\n");
        }

        html.Append("</article></div><footer class=\"site-footer\"><p>Copyright Bench News.</p></footer></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static byte[] GeneratedText(int seed)
    {
        var random = new Random(seed + 100);
        var text = new StringBuilder("Generated headline number ").Append(seed).Append("\n\n");
        while (text.Length < 5_000)
        {
            text.Append(Sentence(random)).Append(' ').Append(Sentence(random)).Append(' ').Append(Sentence(random)).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Sentence(Random random)
    {
        string[] words = ["council", "budget", "river", "transport", "minister", "said", "would", "increase", "school", "report", "weather", "market", "prices", "local", "residents", "plan"];
        var sentence = string.Join(' ', Enumerable.Range(0, random.Next(8, 20)).Select(_ => words[random.Next(words.Length)]));
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
    }
}
