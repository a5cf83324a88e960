using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Reliability;

namespace Pipeline.Cli.Commands;

internal sealed class StatusCommand
{
    private readonly Option<bool> _verify = new("--verify")
    {
        Description = "Account for every blob, article, message and delivery in storage; exit 1 if any cannot be",
    };

    private readonly Option<bool> _json = new("--json") { Description = "With --verify, print the report as JSON" };

    public Command Create()
    {
        var command = new Command("status", "Show what is stored: articles, summaries, digests, and quarantined files with their reasons.") { _verify, _json };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(_verify), result.GetValue(_json), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(bool verify, bool json, CancellationToken cancellationToken)
    {
        if (json && !verify)
        {
            throw new CommandLineException("--json goes with --verify.");
        }

        using var stores = LocalStorage.Open();
        if (!verify)
        {
            await StatusReport.WriteAsync(stores, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var report = await stores.GetRequiredService<StorageAudit>().RunAsync(cancellationToken).ConfigureAwait(false);
        await (json ? VerifyReport.WriteJsonAsync(report, Console.Out) : VerifyReport.WriteAsync(report, Console.Out)).ConfigureAwait(false);
        return report.IsClean ? 0 : 1;
    }
}
