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

    [Params(800, 10_000)]
    public int Words { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (title, paragraphs) = BenchmarkArticles.Make(Words);
        _request = new SummaryRequest("benchmark", title, paragraphs, "en");
    }

    [Benchmark]
    public SummaryDraft SummaryAndKeywords() => _summariser.Summarise(_request);
}
