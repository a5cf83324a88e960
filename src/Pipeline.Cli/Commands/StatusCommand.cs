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

    private readonly Option<bool> _json = new("--json") { Description = "Print the report as JSON (with --verify, the audit's)" };

    public Command Create()
    {
        var command = new Command("status", "Show what is stored: articles, summaries, digests, quarantined files with their reasons, and poisoned messages with their errors.") { _verify, _json };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(_verify), result.GetValue(_json), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(bool verify, bool json, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        if (!verify)
        {
            await (json ? StatusReport.WriteJsonAsync(stores, Console.Out, cancellationToken) : StatusReport.WriteAsync(stores, Console.Out, cancellationToken)).ConfigureAwait(false);
            return 0;
        }

        var report = await stores.GetRequiredService<StorageAudit>().RunAsync(cancellationToken).ConfigureAwait(false);
        await (json ? VerifyReport.WriteJsonAsync(report, Console.Out) : VerifyReport.WriteAsync(report, Console.Out)).ConfigureAwait(false);
        return report.IsClean ? 0 : 1;
    }
}
