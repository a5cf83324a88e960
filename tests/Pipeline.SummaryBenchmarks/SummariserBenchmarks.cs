using BenchmarkDotNet.Attributes;
using Pipeline.Core.Summarisation;

namespace Pipeline.SummaryBenchmarks;

/// <summary>Summary plus keywords for one article of a given length, on one thread.</summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so this one cannot be sealed.</remarks>
[MemoryDiagnoser]
public class SummariserBenchmarks
{
    private readonly ExtractiveSummariser _summariser = new(new SummariserOptions());
    private SummaryRequest _request = null!;
    private SummaryRequest[] _stream = [];
    private int _next;

    [Params(800, 10_000)]
    public int Words { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (title, paragraphs) = BenchmarkArticles.Make(Words);
        _request = new SummaryRequest("benchmark", title, paragraphs, "en");
        _stream = [.. BenchmarkArticles.MakeMany(Words, 64).Select((article, i) => new SummaryRequest($"stream-{i}", article.Title, article.Paragraphs, "en"))];
    }

    /// <summary>The same article every call.</summary>
    [Benchmark]
    public SummaryDraft SummaryAndKeywords() => _summariser.Summarise(_request);

    /// <summary>
    /// A different article each call, in turn (the CNN/DailyMail dev articles make 47 stretches of 800 words and 6 of
    /// 10,000): the words vary as in a host's stream, so what a process keeps between texts is measured in a fair light.
    /// </summary>
    [Benchmark]
    public SummaryDraft SummaryAndKeywordsStream() => _summariser.Summarise(_stream[_next++ % _stream.Length]);
}
