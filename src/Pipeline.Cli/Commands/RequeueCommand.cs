using System.CommandLine;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline requeue</c>: send quarantined files through ingestion again.</summary>
internal sealed class RequeueCommand
{
    private readonly Argument<string[]> _names = new("name")
    {
        Description = "Quarantined files to move back, by name (see pipeline status)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _all = new("--all") { Description = "Every quarantined file" };

    private readonly Option<bool> _poisoned = new("--poisoned")
    {
        Description = "Every message that failed every try (see pipeline status): back onto its queue; a poisoned blob is dropped again",
    };

    private readonly Option<string> _reason = new Option<string>("--reason")
    {
        Description = "Only files quarantined for this reason, e.g. too-large",
        HelpName = "code",
    }.AcceptOnlyFromAmong(ReasonCodes());

    public Command Create()
    {
        var command = new Command("requeue", "Move quarantined files back to incoming, to be ingested again (after raising a limit, say), or poisoned messages back onto their queues (after a fix).")
        {
            _names, _all, _reason, _poisoned,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(_names) is not { Tokens.Count: > 0 } && result.GetResult(_all) is null && result.GetResult(_reason) is null && result.GetResult(_poisoned) is null)
            {
                result.AddError("Name the quarantined files to requeue, or use --all, --reason <code> or --poisoned.");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(_names) ?? [], result.GetValue(_all), result.GetValue(_reason), result.GetValue(_poisoned), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> positional, bool all, string? reason, bool poisoned, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        if (poisoned)
        {
            await RequeuePoisonedAsync(stores, cancellationToken).ConfigureAwait(false);
        }

        var quarantine = stores.GetRequiredService<QuarantineStore>();
        var names = positional.ToList();
        if (all || reason is not null)
        {
            await foreach (var file in quarantine.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reason is null || file.ReasonCode == reason)
                {
                    names.Add(file.Name);
                }
            }
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

    private static async Task RequeuePoisonedAsync(IServiceProvider stores, CancellationToken cancellationToken)
    {
        var moved = await stores.GetRequiredService<PoisonQueues>().RequeueAsync(cancellationToken).ConfigureAwait(false);
        foreach (var item in moved)
        {
            var what = item.Queue == PoisonedItem.Ingest
                ? item.Error is null ? "dropped again, to be ingested" : item.Error
                : $"back onto the {item.Queue} queue";
            await Console.Out.WriteLineAsync($"requeued {item.Queue} {item.Item}: {what}").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"requeued {moved.Count} poisoned message(s)").ConfigureAwait(false);
    }

    /// <summary>The reason codes a quarantined file can carry: the constants of <see cref="RejectionCodes"/>.</summary>
    private static string[] ReasonCodes() =>
        [.. typeof(RejectionCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];
}
