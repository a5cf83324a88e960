using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;

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

        using var stores = LocalStorage.Open();
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var uploaded = await Drops.DropAsync(incoming, line.Positional, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var name in uploaded)
        {
            await Console.Out.WriteLineAsync($"dropped {incoming.ContainerName}/{name}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"{uploaded.Count} file(s) dropped.").ConfigureAwait(false);
        return 0;
    }
}
