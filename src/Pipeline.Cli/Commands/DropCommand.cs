using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;

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
        using var stores = LocalStorage.Open();
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var uploaded = await Drops.DropAsync(incoming, paths, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var name in uploaded)
        {
            await Console.Out.WriteLineAsync($"dropped {incoming.ContainerName}/{name}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"{uploaded.Count} file(s) dropped.").ConfigureAwait(false);
        return 0;
    }
}
