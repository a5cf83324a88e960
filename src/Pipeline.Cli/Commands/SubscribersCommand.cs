using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Alerts;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline subscribers</c>: list, add or change, and remove subscribers.</summary>
internal sealed class SubscribersCommand : ICommand
{
    public string Name => "subscribers";

    public string Summary => "List subscribers, or add, change or remove one.";

    public string Usage =>
        """
          (no options)         List every subscriber with their query, frequency and last digest
          --add <email>        Add a subscriber, or change the query and frequency of an existing one
          --query <query>      With --add: words and "quoted phrases" joined by AND, e.g. "El Salvador" AND prison
          --frequency <f>      With --add: hourly, daily (default), weekly, 00:15:00, 15m, 6h or 2d
          --remove <email>     Remove a subscriber
        """;

    public async Task<int> RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        using var stores = LocalStorage.Open();
        await stores.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var store = stores.GetRequiredService<SubscriberStore>();
        if (line.Get("add") is { } email)
        {
            var query = line.Require("query");
            var frequency = line.Get("frequency") ?? "daily";
            try
            {
                AlertQuery.Parse(query);
                SendSchedule.Parse(frequency);
            }
            catch (FormatException ex)
            {
                throw new CommandLineException(ex.Message);
            }

            if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            {
                throw new CommandLineException($"'{email}' is not an email address.");
            }

            await store.UpsertAsync(email, query, frequency, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"subscribed {email} to {query} ({frequency})").ConfigureAwait(false);
            return 0;
        }

        if (line.Get("remove") is { } removed)
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
}
