using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline subscribers alerts add|remove|list</c>: a subscriber's alerts, one at a time.</summary>
internal sealed class AlertsCommand
{
    public Command Create() => new("alerts", "Add, remove or list a subscriber's alerts; each alert gets its own heading in their digest.")
    {
        CreateAdd(),
        CreateRemove(),
        CreateList(),
    };

    private static Argument<string> EmailArgument() => new("email") { Validators = { SubscriberInput.Email } };

    private static Command CreateAdd()
    {
        var email = EmailArgument();
        var name = new Option<string>("--name") { Description = "The alert's heading in the digest (default: the query)", HelpName = "name" };
        var query = new Option<string>("--query")
        {
            Description = "words, \"quoted phrases\", OR, -exclusions, title:/keyword:/body:/source: prefixes",
            HelpName = "query",
            Required = true,
            Validators = { SubscriberInput.Query },
        };
        var frequency = new Option<string>("--frequency")
        {
            Description = "Also set the subscriber's digest schedule (default for a new subscriber: daily)",
            HelpName = "f",
            Validators = { SubscriberInput.Frequency },
        };
        var command = new Command("add", "Add an alert to a subscriber, subscribing them when new; never replaces another alert.") { email, name, query, frequency };
        command.SetAction(async (result, cancellationToken) =>
        {
            Alert alert;
            try
            {
                alert = Alert.Create(result.GetValue(name), result.GetValue(query)!);
            }
            catch (FormatException ex)
            {
                throw new CommandLineException(ex.Message);
            }

            var address = EmailAddress.Normalise(result.GetValue(email));
            var schedule = result.GetValue(frequency) is { } f ? SubscriberInput.Frequency(f) : null;
            using var stores = await SubscribersCommand.OpenAsync(cancellationToken).ConfigureAwait(false);
            bool added;
            try
            {
                added = await stores.GetRequiredService<SubscriberStore>().AddAlertAsync(address, alert, schedule, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new CommandLineException(ex.Message);
            }

            await Console.Out.WriteLineAsync(added ? $"added alert {alert.Id} '{alert.Name}' for {address}" : $"{address} already has alert {alert.Id} '{alert.Name}'").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var email = EmailArgument();
        var alert = new Argument<string>("alert") { Description = "The alert's id or name, as alerts list shows them" };
        var command = new Command("remove", "Remove one alert of a subscriber, by id or name.") { email, alert };
        command.SetAction(async (result, cancellationToken) =>
        {
            var address = EmailAddress.Normalise(result.GetValue(email));
            using var stores = await SubscribersCommand.OpenAsync(cancellationToken).ConfigureAwait(false);
            var removed = await stores.GetRequiredService<SubscriberStore>().RemoveAlertAsync(address, result.GetValue(alert)!, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(removed ? $"removed alert {result.GetValue(alert)} of {address}" : $"{address} has no alert {result.GetValue(alert)}").ConfigureAwait(false);
            return removed ? 0 : 1;
        });
        return command;
    }

    private static Command CreateList()
    {
        var email = new Argument<string>("email") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this subscriber's alerts", Validators = { SubscriberInput.Email } };
        var command = new Command("list", "List alerts: id, subscriber, name and query.") { email };
        command.SetAction(async (result, cancellationToken) =>
        {
            var only = result.GetValue(email) is { } e ? Subscriber.KeyOf(EmailAddress.Normalise(e)) : null;
            using var stores = await SubscribersCommand.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var subscriber in await stores.GetRequiredService<SubscriberStore>().ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (only is not null && subscriber.Key != only)
                {
                    continue;
                }

                foreach (var alert in subscriber.Alerts)
                {
                    await Console.Out.WriteLineAsync($"{alert.Id}  {subscriber.Email,-32} {alert.Name,-24} {alert.Query}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}
