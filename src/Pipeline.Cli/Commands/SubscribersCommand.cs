using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Alerts;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline subscribers</c>: list, add or change, and remove subscribers.</summary>
internal sealed class SubscribersCommand
{
    private readonly Option<string> _add = new("--add")
    {
        Description = "Add a subscriber, or change the query and frequency of an existing one",
        HelpName = "email",
        Validators = { EmailAddress },
    };

    private readonly Option<string> _query = new("--query")
    {
        Description = "With --add: words and \"quoted phrases\" joined by AND, e.g. \"El Salvador\" AND prison",
        HelpName = "query",
        Validators = { result => Check(result, AlertQuery.Parse) },
    };

    private readonly Option<string> _frequency = new("--frequency")
    {
        Description = "With --add: 'daily 07:00 Europe/Paris', 'weekly mon 07:00 America/New_York', 'hourly :15', or an interval: hourly, daily (default), weekly, 00:15:00, 15m, 6h, 2d",
        HelpName = "f",
        Validators = { result => Check(result, SendSchedule.Parse) },
        CompletionSources = { "hourly", "daily", "weekly" },
    };

    private readonly Option<string> _remove = new("--remove")
    {
        Description = "Remove a subscriber",
        HelpName = "email",
    };

    public Command Create()
    {
        var command = new Command("subscribers", "List subscribers (email, frequency, last digest, query), or add, change or remove one.")
        {
            _add, _query, _frequency, _remove,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(_add) is not null && result.GetResult(_remove) is not null)
            {
                result.AddError("Use --add or --remove, not both.");
            }
            else if (result.GetResult(_add) is not null && result.GetResult(_query) is null)
            {
                result.AddError("--add needs --query <query>.");
            }
            else if (result.GetResult(_add) is null && (result.GetResult(_query) ?? result.GetResult(_frequency)) is { } orphan)
            {
                result.AddError($"{OptionParsers.OptionName(orphan)} goes with --add <email>.");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(_add), result.GetValue(_query), result.GetValue(_frequency), result.GetValue(_remove), cancellationToken));
        return command;
    }

    public async Task<int> RunAsync(string? add, string? query, string? frequency, string? remove, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        await stores.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var store = stores.GetRequiredService<SubscriberStore>();
        if (add is { } email && query is not null)
        {
            frequency ??= "daily";
            await store.UpsertAsync(email, query, frequency, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"subscribed {email} to {query} ({frequency})").ConfigureAwait(false);
            return 0;
        }

        if (remove is { } removed)
        {
            var existed = await store.DeleteAsync(removed, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(existed ? $"removed {removed}" : $"no subscriber {removed}").ConfigureAwait(false);
            return existed ? 0 : 1;
        }

        foreach (var subscriber in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var last = subscriber.LastDigestAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "never";
            await Console.Out.WriteLineAsync($"{subscriber.Email,-32} {subscriber.Frequency,-8} last digest {last,-20} {subscriber.Query}").ConfigureAwait(false);
        }

        return 0;
    }

    private static void EmailAddress(OptionResult result)
    {
        var email = result.GetValueOrDefault<string>();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            result.AddError($"'{email}' is not an email address.");
        }
    }

    /// <summary>Reports what <paramref name="parse"/> (Core's own parser for the value) finds wrong as a usage error.</summary>
    private static void Check<T>(OptionResult result, Func<string, T> parse)
    {
        try
        {
            parse(result.GetValueOrDefault<string>() ?? string.Empty);
        }
        catch (FormatException ex)
        {
            result.AddError(ex.Message);
        }
    }
}
