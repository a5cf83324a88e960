using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>
/// <c>parse-side-by-side &lt;other build's bin directory&gt; &lt;pages directory&gt; [rounds]</c>: parses every page
/// (<c>&lt;page&gt;/source.html</c>) with this build's <c>ArticleParser</c> and with another build's, loaded side by side
/// in one process (an <see cref="AssemblyLoadContext"/> each), page by page in alternating order, and prints each
/// round's time a page for both. On a machine whose speed drifts from minute to minute, two runs in turn cannot show a
/// change of a few percent; two builds sharing every minute can. Both share the caches too, so the absolute figures
/// are slower than one build alone: read the ratio.
/// </summary>
internal static class ParseSideBySide
{
    private delegate object ParseFunction(ReadOnlySpan<byte> content, string name);

    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(Path.Combine(args[0], "Pipeline.Core.dll")) || !Directory.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: parse-side-by-side <other build's bin directory, holding Pipeline.Core.dll> <pages directory> [rounds, default 6]");
            return 2;
        }

        var invariant = CultureInfo.InvariantCulture;
        var rounds = args.Length > 2 ? int.Parse(args[2], invariant) : 6;
        var builds = new[] { Load(AppContext.BaseDirectory), Load(Path.GetFullPath(args[0])) };
        var pages = Directory.GetDirectories(args[1])
            .Select(d => Path.Combine(d, "source.html"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();
        Console.WriteLine($"{pages.Count} pages; this build against {args[0]}");

        // Two passes to reach the JIT's steady state on both sides.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var page in pages)
            {
                builds[0](page, "page.html");
                builds[1](page, "page.html");
            }
        }

        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var ticks = new long[2];
            for (var i = 0; i < pages.Count; i++)
            {
                var first = (i + round) % 2;
                foreach (var side in (int[])[first, 1 - first])
                {
                    var start = Stopwatch.GetTimestamp();
                    builds[side](pages[i], "page.html");
                    ticks[side] += Stopwatch.GetTimestamp() - start;
                }
            }

            var ours = ticks[0] * 1000.0 / Stopwatch.Frequency / pages.Count;
            var other = ticks[1] * 1000.0 / Stopwatch.Frequency / pages.Count;
            ratios.Add(ours / other);
            Console.WriteLine(string.Create(invariant, $"round {round + 1}: this build {ours:F3} ms a page, the other {other:F3} ms; time ratio {ours / other:F3}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(invariant, $"time ratio (this build / the other): median {ratios[ratios.Count / 2]:F3}, range {ratios[0]:F3}-{ratios[^1]:F3}"));
        return 0;
    }

    /// <summary>The <c>ArticleParser.Parse</c> of the build in <paramref name="directory"/>, in a load context of its own.</summary>
    private static ParseFunction Load(string directory)
    {
        var context = new BuildLoadContext(directory);
        var core = context.LoadFromAssemblyPath(Path.Combine(directory, "Pipeline.Core.dll"));
        var type = core.GetType("Pipeline.Core.Ingestion.ArticleParser", throwOnError: true)!;
        var parser = Activator.CreateInstance(type, 1000)!;
        return type.GetMethod("Parse", [typeof(ReadOnlySpan<byte>), typeof(string)])!.CreateDelegate<ParseFunction>(parser);
    }

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
