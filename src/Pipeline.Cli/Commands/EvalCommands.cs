namespace Pipeline.Cli.Commands;

// Placeholders for the evaluation verbs; each is replaced by its own file as its issue lands.
internal sealed class EvalExtractCommand : ICommand
{
    public string Name => "eval extract";

    public string Summary => "Score the HTML extractor against pages with expected text (not built yet).";

    public string Usage => "  --pages <dir>   Folder of <page>/source.html + expected.txt";

    public Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("pipeline eval extract is not built yet.");
        return Task.FromResult(2);
    }
}
