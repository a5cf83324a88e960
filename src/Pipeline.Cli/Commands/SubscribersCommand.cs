using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline subscribers</c>: list subscribers, add an alert to one or remove one, and the <c>alerts</c>,
/// <c>import</c> and <c>export</c> verbs.
/// </summary>
internal sealed class SubscribersCommand
{
    private readonly Option<string> _add = new("--add")
    {
        Description = "Add an alert named after --query to a subscriber (subscribing them when new); their other alerts are kept",
        HelpName = "email",
        Validators = { SubscriberInput.Email },
    };

    private readonly Option<string> _query = new("--query")
    {
        Description = "With --add: words, \"quoted phrases\", OR, -exclusions, title:/keyword:/body:/source: prefixes, e.g. \"El Salvador\" prison",
        HelpName = "query",
        Validators = { SubscriberInput.Query },
    };

    private readonly Option<string> _frequency = new("--frequency")
    {
        Description = "With --add: 'daily 07:00 Europe/Paris', 'weekly mon 07:00 America/New_York', 'hourly :15', or an interval: hourly, daily (default), weekly, 00:15:00, 15m, 6h, 2d",
        HelpName = "f",
        Validators = { SubscriberInput.Frequency },
        CompletionSources = { "hourly", "daily", "weekly" },
    };

    private readonly Option<string> _remove = new("--remove")
    {
        Description = "Remove a subscriber and all their alerts",
        HelpName = "email",
    };

    public Command Create()
    {
        var command = new Command("subscribers", "List subscribers (email, frequency, last digest, alerts), or add an alert to one, or remove one.")
        {
            _add, _query, _frequency, _remove,
            new AlertsCommand().Create(),
            CreateImport(),
            CreateExport(),
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

    public static async Task<int> RunAsync(string? add, string? query, string? frequency, string? remove, CancellationToken cancellationToken)
    {
        using var stores = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var store = stores.GetRequiredService<SubscriberStore>();
        if (add is { } email && query is not null)
        {
            email = EmailAddress.Normalise(email);
            var alert = Alert.Create(query, query);
            var added = await store.AddAlertAsync(email, alert, frequency is null ? null : SubscriberInput.Frequency(frequency), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(added
                ? $"subscribed {email} to {alert.Query} (alert {alert.Id}, {frequency ?? "frequency unchanged or daily"})"
                : $"{email} already has the alert {alert.Query} ({alert.Id})").ConfigureAwait(false);
            return 0;
        }

        if (remove is { } removed)
        {
            // Stored addresses are normal (an international domain in punycode): find one typed either way.
            var existed = await store.DeleteAsync(TryNormalise(removed), cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(existed ? $"removed {removed}" : $"no subscriber {removed}").ConfigureAwait(false);
            return existed ? 0 : 1;
        }

        foreach (var subscriber in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var last = subscriber.LastDigestAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
            var alerts = string.Join("; ", subscriber.Alerts.Select(a => a.Name == a.Query ? a.Query : $"{a.Name}: {a.Query}"));
            await Console.Out.WriteLineAsync($"{subscriber.Email,-32} {subscriber.Status,-9} {subscriber.Frequency,-8} last digest {last,-20} {alerts}").ConfigureAwait(false);
        }

        return 0;
    }

    private static string TryNormalise(string email)
    {
        try
        {
            return EmailAddress.Normalise(email);
        }
        catch (FormatException)
        {
            return email;
        }
    }

    /// <summary>The stores on the configured account, with every table created.</summary>
    internal static async Task<ServiceProvider> OpenAsync(CancellationToken cancellationToken)
    {
        var stores = LocalStorage.Open();
        await stores.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return stores;
    }

    private static Command CreateImport()
    {
        var file = new Argument<string>("file.json") { Description = "A JSON array of { email, frequency, alerts: [{ name, query }] } (or the older { email, query, frequency })" };
        var command = new Command("import", "Add the subscribers and alerts of a file; every entry is checked before anything is stored.") { file };
        command.SetAction(async (result, cancellationToken) =>
        {
            var subscribers = await SubscriberFile.ReadAsync(result.GetValue(file)!, cancellationToken).ConfigureAwait(false);
            using var stores = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var added = await SubscriberFile.ImportAsync(stores.GetRequiredService<SubscriberStore>(), subscribers, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"imported {subscribers.Count} subscriber(s): {added} new alert(s)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var command = new Command("export", "Print every subscriber and their alerts as JSON, in the shape import reads.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var stores = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var subscribers = await stores.GetRequiredService<SubscriberStore>().ListAsync(cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(SubscriberFile.Write(subscribers)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
