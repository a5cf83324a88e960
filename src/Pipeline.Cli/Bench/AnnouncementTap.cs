using System.Collections.Concurrent;
using System.Text.Json;
using Pipeline.Local;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Notes when the blob-change feed announced each blob: registered as a service, the local host wraps its event sink
/// in it. The time is when the delivery returned (the events are on the blob trigger's queue).
/// </summary>
internal sealed class AnnouncementTap(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _announced = new(StringComparer.Ordinal);

    /// <summary>Blob name (below its container) to when it was first announced.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Announced => _announced;

    public IBlobEventSink Wrap(IBlobEventSink inner) => new Sink(inner, this);

    private sealed class Sink(IBlobEventSink inner, AnnouncementTap tap) : IBlobEventSink
    {
        public async Task DeliverAsync(string eventsJson, CancellationToken cancellationToken = default)
        {
            await inner.DeliverAsync(eventsJson, cancellationToken).ConfigureAwait(false);
            var at = tap.ReadTime();
            using var events = JsonDocument.Parse(eventsJson);
            foreach (var e in events.RootElement.EnumerateArray())
            {
                var subject = e.GetProperty("subject").GetString() ?? "";
                var at2 = subject.IndexOf("/blobs/", StringComparison.Ordinal);
                if (at2 >= 0)
                {
                    tap._announced.TryAdd(subject[(at2 + "/blobs/".Length)..], at);
                }
            }
        }
    }

    private DateTimeOffset ReadTime() => time.GetUtcNow();
}
