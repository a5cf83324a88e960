namespace Pipeline.Cli.Commands;

internal sealed class DropCommand : ICommand
{
    public string Name => "drop";

    public string Summary => "Upload files or folders into the incoming container.";

    public string Usage => "  <file-or-folder>...   Files to upload; a folder's files keep their paths below it";

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        if (line.Positional.Count == 0)
        {
            throw new CommandLineException("Name at least one file or folder to drop.");
        }

        var store = LocalStorage.OpenStore();
        await store.Incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var uploaded = await Drops.DropAsync(store, line.Positional, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var name in uploaded)
        {
            await Console.Out.WriteLineAsync($"dropped {store.Names.IncomingContainer}/{name}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"{uploaded.Count} file(s) dropped.").ConfigureAwait(false);
        return 0;
    }
}
