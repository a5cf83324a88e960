using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline requeue</c>: send quarantined files through ingestion again.</summary>
internal sealed class RequeueCommand : ICommand
{
    public string Name => "requeue";

    public string Summary => "Move quarantined files back to incoming, to be ingested again (after raising a limit, say).";

    public string Usage =>
        """
          <name>...            Quarantined files to move back, by name (see pipeline status)
          --all                Every quarantined file
          --reason <code>      Only files quarantined for this reason, e.g. too-large
        """;

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        var quarantine = stores.GetRequiredService<QuarantineStore>();
        var names = line.Positional.ToList();
        if (line.Has("all") || line.Get("reason") is not null)
        {
            var reason = line.Get("reason");
            await foreach (var file in quarantine.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reason is null || file.ReasonCode == reason)
                {
                    names.Add(file.Name);
                }
            }
        }
        else if (names.Count == 0)
        {
            throw new CommandLineException("Name the quarantined files to requeue, or use --all or --reason <code>.");
        }

        var missing = 0;
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (await quarantine.RequeueAsync(name, cancellationToken).ConfigureAwait(false))
            {
                await Console.Out.WriteLineAsync($"requeued {name}").ConfigureAwait(false);
            }
            else
            {
                missing++;
                await Console.Error.WriteLineAsync($"not in quarantine: {name}").ConfigureAwait(false);
            }
        }

        return missing == 0 ? 0 : 1;
    }
}
