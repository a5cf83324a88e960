using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Search;
using Pipeline.Core.Alerts;

namespace Pipeline.Benchmarks.Match;

/// <summary>
/// <c>match --alerts N --articles M [--lucene-sample K] [--seed S]</c>: times our index-and-match pass over a generated
/// window of articles and alerts on one thread, percolates the same alerts with Lucene.Net's MemoryIndex (one index
/// per article), compares every (alert, article) decision, and ends with one line of figures. A measured pass, not
/// BenchmarkDotNet: the whole pass is the unit a digest run pays for.
/// </summary>
internal static class MatchBenchmark
{
    public static int Run(string[] args)
    {
        var alertCount = Option(args, "--alerts", 100_000);
        var articleCount = Option(args, "--articles", 10_000);
        var seed = Option(args, "--seed", 20_250_609);
        // Percolation costs alerts x articles searches: by default a sample of articles, and the time is extrapolated.
        var sample = Math.Clamp(Option(args, "--lucene-sample", 10), 1, Math.Max(1, articleCount));
        var invariant = CultureInfo.InvariantCulture;

        var clock = Stopwatch.StartNew();
        var corpus = new NewsCorpus(seed);
        var articles = corpus.Articles(articleCount, new Random(seed + 1));
        var texts = corpus.Alerts(alertCount, new Random(seed + 2));
        var queries = texts.Select(AlertQuery.Parse).ToList();
        var words = articles.Sum(a => a.Body.Sum(p => p.Count(c => c == ' ') + 1));
        Console.WriteLine(string.Create(invariant, $"generated {articleCount} articles ({words / Math.Max(1, articleCount)} body words each on average) and {alertCount} alerts in {clock.Elapsed.TotalSeconds:F1} s; e.g. {string.Join(" | ", texts.Take(6))}"));

        // Warm up the JIT on a small pass so the timing below is of the steady state.
        var warm = ArticleIndex.Build(articles.Take(200));
        foreach (var query in queries.Take(2_000))
        {
            warm.Match(query);
        }

        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        var index = ArticleIndex.Build(articles);
        var built = clock.Elapsed.TotalSeconds;
        var builtCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var results = new int[queries.Count][];
        long matches = 0;
        for (var a = 0; a < queries.Count; a++)
        {
            results[a] = index.Match(queries[a]);
            matches += results[a].Length;
        }

        var ours = clock.Elapsed.TotalSeconds;
        var oursCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(invariant, $"ours: index built in {built:F2} s ({builtCpu:F2} s CPU), {alertCount} alerts matched in {ours - built:F2} s ({oursCpu - builtCpu:F2} s CPU), one thread: {ours:F2} s wall, {oursCpu:F2} s CPU (the process's, GC included); {matches} (alert, article) matches, {(double)matches / alertCount:F1} per alert"));

        using var lucene = new LucenePercolator();
        var luceneQueries = new Query[queries.Count];
        for (var a = 0; a < queries.Count; a++)
        {
            luceneQueries[a] = lucene.Translate(queries[a].Root);
        }

        var sampled = Enumerable.Range(0, articleCount).OrderBy(_ => 0).ToArray();
        new Random(seed + 3).Shuffle(sampled);
        sampled = [.. sampled.Take(sample).Order()];
        long agreed = 0, compared = 0, bothMatched = 0, oursOnly = 0, luceneOnly = 0;
        var differences = new List<string>();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        foreach (var ordinal in sampled)
        {
            lucene.Load(articles[ordinal]);
            for (var a = 0; a < luceneQueries.Length; a++)
            {
                var theirs = lucene.Matches(luceneQueries[a]);
                var mine = Array.BinarySearch(results[a], ordinal) >= 0;
                compared++;
                if (theirs == mine)
                {
                    agreed++;
                    bothMatched += mine ? 1 : 0;
                }
                else
                {
                    oursOnly += mine ? 1 : 0;
                    luceneOnly += theirs ? 1 : 0;
                    if (differences.Count < 10)
                    {
                        differences.Add($"  alert {a} '{texts[a]}' on article {ordinal}: ours {mine}, lucene {theirs}");
                    }
                }
            }
        }

        var percolated = clock.Elapsed.TotalSeconds;
        var percolatedCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var luceneSeconds = percolated / sample * articleCount;
        Console.WriteLine(sample < articleCount
            ? string.Create(invariant, $"lucene: percolated a sample of {sample} of {articleCount} articles against all {alertCount} alerts in {percolated:F1} s wall, {percolatedCpu:F1} s CPU; lucene_s below is extrapolated to all {articleCount} articles ({percolated / sample:F2} s per article)")
            : string.Create(invariant, $"lucene: percolated all {articleCount} articles against {alertCount} alerts in {percolated:F1} s wall, {percolatedCpu:F1} s CPU"));
        Console.WriteLine(string.Create(invariant, $"agreement on {compared} decisions: {bothMatched} matched by both, {oursOnly} by ours only, {luceneOnly} by Lucene only"));
        differences.ForEach(Console.WriteLine);
        Console.WriteLine(string.Create(invariant, $"match: alerts={alertCount} articles={articleCount} ours_s={ours:F2} lucene_s={luceneSeconds:F1} speedup={luceneSeconds / ours:F1} agree={(double)agreed / compared:F5}"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
