namespace Pipeline.Cli.Commands;

/// <summary>One verb of the <c>pipeline</c> command.</summary>
internal interface ICommand
{
    /// <summary>The verb, possibly two words ("eval extract").</summary>
    string Name { get; }

    /// <summary>One line for the list of verbs.</summary>
    string Summary { get; }

    /// <summary>The verb's options, shown with <c>--help</c> and after a usage error.</summary>
    string Usage { get; }

    Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken);
}
