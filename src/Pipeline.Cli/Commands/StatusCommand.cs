using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Cli.Commands;

internal sealed class StatusCommand
{
    public Command Create()
    {
        var command = new Command("status", "Show what is stored: articles, summaries, digests, and quarantined files with their reasons.");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        await StatusReport.WriteAsync(stores, Console.Out, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
