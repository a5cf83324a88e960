using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Cli.Commands;

internal sealed class StatusCommand : ICommand
{
    public string Name => "status";

    public string Summary => "Show what is stored: articles, summaries, digests, and quarantined files with their reasons.";

    public string Usage => "  (no options; reads AzureWebJobsStorage, or Azurite on its default ports)";

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        await StatusReport.WriteAsync(stores, Console.Out, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
