using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Match;
using Pipeline.Benchmarks.SideBySide;

if (args.Length > 0 && args[0] == "match")
{
    return MatchBenchmark.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "parse-side-by-side")
{
    return SideBySideTiming.Parse(args[1..]);
}

if (args.Length > 0 && args[0] == "summarise-side-by-side")
{
    return SideBySideTiming.Summarise(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
