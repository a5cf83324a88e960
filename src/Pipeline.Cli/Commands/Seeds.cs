using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>Loads <c>seeds/</c>: the sample articles into the incoming container, the subscribers into their table.</summary>
internal static class Seeds
{
    public static async Task<(int Articles, int Subscribers)> LoadAsync(SubscriberStore subscriberStore, IncomingBlobs incoming, string seedsFolder, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(seedsFolder, "subscribers.json");
        var subscribers = File.Exists(path) ? await SubscriberFile.ReadAsync(path, cancellationToken).ConfigureAwait(false) : [];
        await SubscriberFile.ImportAsync(subscriberStore, subscribers, cancellationToken).ConfigureAwait(false);

        var articles = Path.Combine(seedsFolder, "articles");
        var dropped = Directory.Exists(articles)
            ? await Drops.DropAsync(incoming, [articles], cancellationToken: cancellationToken).ConfigureAwait(false)
            : [];
        return (dropped.Count, subscribers.Count);
    }
}
