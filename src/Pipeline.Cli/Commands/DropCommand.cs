using System.CommandLine;

namespace Pipeline.Cli.Commands;

internal sealed class DropCommand
{
    private readonly Argument<string[]> _paths = new("file-or-folder")
    {
        Description = "Files to upload; a folder's files keep their paths below it",
        Arity = ArgumentArity.OneOrMore,
        Validators =
        {
            result =>
            {
                foreach (var missing in result.Tokens.Select(t => t.Value).Where(p => !File.Exists(p) && !Directory.Exists(p)))
                {
                    result.AddError($"No such file or folder: {missing}");
                }
            },
        },
    };

    public Command Create()
    {
        var command = new Command("drop", "Upload files or folders into the incoming container.") { _paths };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetRequiredValue(_paths), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var store = LocalStorage.OpenStore();
        await store.Incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var uploaded = await Drops.DropAsync(store, paths, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var name in uploaded)
        {
            await Console.Out.WriteLineAsync($"dropped {store.Names.IncomingContainer}/{name}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"{uploaded.Count} file(s) dropped.").ConfigureAwait(false);
        return 0;
    }
}
