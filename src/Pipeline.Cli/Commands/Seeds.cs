using System.Text.Json;
using Pipeline.Core.Alerts;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>Loads <c>seeds/</c>: the sample articles into the incoming container, the subscribers into their table.</summary>
internal static class Seeds
{
    public sealed record SeedSubscriber(string Email, string Query, string Frequency = "daily");

    public static async Task<(int Articles, int Subscribers)> LoadAsync(SubscriberStore subscriberStore, IncomingBlobs incoming, string seedsFolder, CancellationToken cancellationToken = default)
    {
        var subscribers = await ReadSubscribersAsync(Path.Combine(seedsFolder, "subscribers.json"), cancellationToken).ConfigureAwait(false);
        foreach (var subscriber in subscribers)
        {
            await subscriberStore.UpsertAsync(subscriber.Email, subscriber.Query, subscriber.Frequency, cancellationToken).ConfigureAwait(false);
        }

        var articles = Path.Combine(seedsFolder, "articles");
        var dropped = Directory.Exists(articles)
            ? await Drops.DropAsync(incoming, [articles], cancellationToken: cancellationToken).ConfigureAwait(false)
            : [];
        return (dropped.Count, subscribers.Count);
    }

    /// <summary>Reads and checks a subscribers file: a JSON array of { email, query, frequency }.</summary>
    public static async Task<IReadOnlyList<SeedSubscriber>> ReadSubscribersAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var list = await JsonSerializer.DeserializeAsync<List<SeedSubscriber>>(stream, StorageJson.Options, cancellationToken).ConfigureAwait(false) ?? [];
            foreach (var subscriber in list)
            {
                // Fail on a bad seed now, with its name, rather than skip it silently at digest time.
                AlertQuery.Parse(subscriber.Query);
                SendSchedule.Parse(subscriber.Frequency);
            }

            return list;
        }
    }
}
