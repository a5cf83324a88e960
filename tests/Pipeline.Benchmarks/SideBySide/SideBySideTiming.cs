using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Pipeline.SummaryBenchmarks;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>
/// Times this build against another one loaded side by side in the same process (an <see cref="AssemblyLoadContext"/>
/// each), item by item in alternating order, round after round. On a machine whose speed drifts from minute to minute,
/// two runs in turn cannot show a change of a few percent; two builds sharing every minute can. Both share the caches
/// too, so the absolute figures are slower than one build alone: read the ratio.
/// <list type="bullet">
/// <item><c>parse-side-by-side &lt;other build's bin directory&gt; &lt;pages directory&gt; [rounds]</c>: <c>ArticleParser</c>
/// on every <c>&lt;page&gt;/source.html</c>.</item>
/// <item><c>summarise-side-by-side &lt;other build's bin directory&gt; [words] [rounds]</c>: the extractive summary and key
/// phrases of the stream of different articles that <c>SummaryAndKeywordsStream</c> benchmarks (800 words by default).</item>
/// </list>
/// </summary>
internal static class SideBySideTiming
{
    private const string Usage = "usage: parse-side-by-side <other build's bin directory, holding Pipeline.Core.dll> <pages directory> [rounds, default 6]\n"
        + "       summarise-side-by-side <other build's bin directory, holding Pipeline.Core.dll> [words, default 800] [rounds, default 10]";

    private delegate object ParseFunction(ReadOnlySpan<byte> content, string name);

    public static int Parse(string[] args)
    {
        if (args.Length < 2 || !IsBuild(args[0]) || !Directory.Exists(args[1]))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var pages = Directory.GetDirectories(args[1])
            .Select(d => Path.Combine(d, "source.html"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();
        Console.WriteLine($"{pages.Count} pages; this build against {args[0]}");
        return Compare(args[0], pages.Count, Number(args, 2, 6), "a page", core =>
        {
            var type = core.GetType("Pipeline.Core.Ingestion.ArticleParser", throwOnError: true)!;
            var parser = Activator.CreateInstance(type, 1000)!;
            var parse = type.GetMethod("Parse", [typeof(ReadOnlySpan<byte>), typeof(string)])!.CreateDelegate<ParseFunction>(parser);
            return i => parse(pages[i], "page.html");
        });
    }

    public static int Summarise(string[] args)
    {
        if (args.Length < 1 || !IsBuild(args[0]))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var articles = BenchmarkArticles.MakeMany(Number(args, 1, 800), 64);
        Console.WriteLine($"{articles.Length} articles; this build against {args[0]}");
        return Compare(args[0], articles.Length, Number(args, 2, 10), "an article", core =>
        {
            var options = Activator.CreateInstance(core.GetType("Pipeline.Core.Summarisation.SummariserOptions", throwOnError: true)!)!;
            var summariserType = core.GetType("Pipeline.Core.Summarisation.ExtractiveSummariser", throwOnError: true)!;
            var summariser = Activator.CreateInstance(summariserType, options)!;
            var requestType = core.GetType("Pipeline.Core.Summarisation.SummaryRequest", throwOnError: true)!;
            var requests = articles
                .Select((a, i) => Activator.CreateInstance(requestType, $"stream-{i}", a.Title, a.Paragraphs, "en"))
                .ToArray();
            var summarise = summariserType.GetMethod("Summarise", [requestType])!;
            return i => summarise.Invoke(summariser, [requests[i]]);
        });
    }

    /// <summary>Runs items 0 to <paramref name="items"/> − 1 on both builds, each bound by <paramref name="bind"/> to its own <c>Pipeline.Core</c>.</summary>
    private static int Compare(string otherDirectory, int items, int rounds, string unit, Func<Assembly, Func<int, object?>> bind)
    {
        var invariant = CultureInfo.InvariantCulture;
        var builds = new[] { bind(LoadCore(AppContext.BaseDirectory)), bind(LoadCore(Path.GetFullPath(otherDirectory))) };

        // Passes for at least five seconds, so that tiered compilation has finished on both sides before any timing.
        var warmUp = Stopwatch.StartNew();
        for (var pass = 0; pass < 2 || warmUp.Elapsed < TimeSpan.FromSeconds(5); pass++)
        {
            for (var i = 0; i < items; i++)
            {
                builds[0](i);
                builds[1](i);
            }
        }

        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var ticks = new long[2];
            for (var i = 0; i < items; i++)
            {
                var first = (i + round) % 2;
                foreach (var side in (int[])[first, 1 - first])
                {
                    var start = Stopwatch.GetTimestamp();
                    builds[side](i);
                    ticks[side] += Stopwatch.GetTimestamp() - start;
                }
            }

            var ours = ticks[0] * 1000.0 / Stopwatch.Frequency / items;
            var other = ticks[1] * 1000.0 / Stopwatch.Frequency / items;
            ratios.Add(ours / other);
            Console.WriteLine(string.Create(invariant, $"round {round + 1}: this build {ours:F3} ms {unit}, the other {other:F3} ms; time ratio {ours / other:F3}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(invariant, $"time ratio (this build / the other): median {ratios[ratios.Count / 2]:F3}, range {ratios[0]:F3}-{ratios[^1]:F3}"));
        return 0;
    }

    private static bool IsBuild(string directory) => File.Exists(Path.Combine(directory, "Pipeline.Core.dll"));

    private static int Number(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The build's <c>Pipeline.Core</c> in <paramref name="directory"/>, in a load context of its own.</summary>
    private static Assembly LoadCore(string directory) =>
        new BuildLoadContext(directory).LoadFromAssemblyPath(Path.Combine(directory, "Pipeline.Core.dll"));

    /// <summary>Loads a build's assemblies from its own directory, and the framework's from the default context.</summary>
    private sealed class BuildLoadContext(string directory) : AssemblyLoadContext(name: null)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
