namespace Pipeline.Core.Tests.Hostile;

/// <summary>
/// Tests that hold a parse to a time budget run alone, after every parallel test of the assembly has finished: on a
/// 2-core machine, the fuzzers and the other test classes sharing the cores and the garbage collector made one 1.6 s
/// parse take 14.8 s of wall time, which measured the neighbours, not the parser.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "timed";
}
