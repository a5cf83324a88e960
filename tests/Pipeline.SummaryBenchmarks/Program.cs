using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Pipeline.SummaryBenchmarks.SummariserBenchmarks).Assembly).Run(args);
