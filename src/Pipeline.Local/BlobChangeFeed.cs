using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;

namespace Pipeline.Local;

/// <summary>Receives batches of Event Grid <c>Microsoft.Storage.BlobCreated</c> events (a JSON array).</summary>
public interface IBlobEventSink
{
    Task DeliverAsync(string eventsJson, CancellationToken cancellationToken = default);
}

/// <summary>
/// Stands in for Event Grid where there is none (Azurite): lists the incoming container, compares each blob's name
/// and ETag with a durable record of the versions already announced, and delivers one well-formed
/// <c>BlobCreated</c> event per new version. The record is written after delivery, so delivery is at least once:
/// a blob is announced again only if the feed stopped between the two. It never compares timestamps. Each poll reads
/// at most <see cref="PagesPerPoll"/> pages of the listing, sweeping a larger container over several polls.
/// </summary>
/// <remarks><paramref name="pageSize"/> (null: the service's 5,000) and <paramref name="pagesPerPoll"/> shape the sweep.</remarks>
public sealed partial class BlobChangeFeed(IncomingBlobs incoming, AnnouncedBlobs announced, IBlobEventSink sink, TimeProvider time, ILogger<BlobChangeFeed> logger, int? pageSize = null, int pagesPerPoll = BlobChangeFeed.PagesPerPoll)
{
    /// <summary>How many events go in one delivery.</summary>
    public const int BatchSize = 100;

    private Dictionary<string, string>? _announced;
    private volatile bool _reload;

    /// <summary>Names already reported as unreadable, so that each is logged once, not at every poll.</summary>
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    /// <summary>Completed by <see cref="Reload"/>: cuts short the pause before the next poll of <see cref="RunAsync"/>.</summary>
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Makes the next poll read the durable record again, and <see cref="RunAsync"/> start it without waiting out its
    /// pause: call it after the reconciler forgot announcements, so that those versions are announced again now. (A
    /// poll that waited through a storage outage is long, and the pause after a long poll is twice its length.) Safe
    /// to call from another thread.
    /// </summary>
    public void Reload()
    {
        _reload = true;
        Volatile.Read(ref _wake).TrySetResult();
    }

    /// <summary>
    /// How many pages of the listing (5,000 names each) one poll reads. A container of up to this many pages is read
    /// whole at every poll; a larger one is swept over several polls, each picking up where the last stopped, so that
    /// a poll costs the same at a million files as at twenty thousand, and a new file is found within one sweep.
    /// </summary>
    public const int PagesPerPoll = 4;

    /// <summary>
    /// How long the in-memory record of announced versions is trusted. A sweep that starts later reads it again from
    /// the table: storage that lost its last writes (an Azurite SIGKILLed before its save) may have forgotten rows the
    /// feed remembers, and only the table tells which versions must be announced again (the reconciler repairs
    /// announced versions the ledger lacks, not versions nobody recorded as announced).
    /// </summary>
    public static readonly TimeSpan RecordMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Where the next poll's listing starts: null at the start of a sweep.</summary>
    private string? _cursor;

    /// <summary>When the record was read from the table.</summary>
    private long _loadedAt;

    /// <summary>
    /// Announces every blob version not announced before in the next pages of the container (<see cref="PagesPerPoll"/>
    /// by default; all of it, when it holds fewer); returns how many.
    /// </summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        if (_reload || (_cursor is null && _announced is not null && time.GetElapsedTime(_loadedAt) > RecordMaxAge))
        {
            _reload = false;
            _announced = null;
        }

        if (_announced is null)
        {
            _announced = await announced.ListAsync(cancellationToken).ConfigureAwait(false);
            _loadedAt = time.GetTimestamp();
        }

        var fresh = new List<IncomingBlob>();
        var cursor = _cursor;
        for (var page = 0; page < pagesPerPoll; page++)
        {
            var (blobs, next) = await incoming.ListPageAsync(cursor, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var blob in blobs)
            {
                if (!BlobNames.IsReadable(blob.Name))
                {
                    // Announced, the trigger would ask for another blob (the URL resolves the dot segments): say so instead.
                    if (_unreadable.Add(blob.Name))
                    {
                        LogUnreadable(logger, blob.Name, BlobNames.UnreadableReason);
                    }
                }
                else if (!_announced.TryGetValue(blob.Name, out var known) || known != blob.Version)
                {
                    fresh.Add(blob);
                }
            }

            cursor = next;
            if (cursor is null)
            {
                break;
            }
        }

        foreach (var batch in fresh.Chunk(BatchSize))
        {
            await sink.DeliverAsync(BlobCreatedEvents.Serialize(incoming, batch, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            await announced.RecordAsync(batch.Select(b => (b.Name, b.Version)), cancellationToken).ConfigureAwait(false);
            foreach (var blob in batch)
            {
                _announced[blob.Name] = blob.Version;
            }

            LogAnnounced(logger, batch.Length);
        }

        // Moved on only once this part is announced (a poll that fails starts the sweep again: see RunAsync).
        _cursor = cursor;
        return fresh.Count;
    }

    /// <summary>
    /// Polls until cancelled, every <paramref name="interval"/>, or less often while a poll takes long (see
    /// <see cref="NextWait"/>), or at once after <see cref="Reload"/>. A failed poll is logged and retried at the next
    /// tick, never fatal.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // A wake-up that came before this poll is spent: the poll reads the record again (see Reload).
            if (_wake.Task.IsCompleted)
            {
                Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            var wake = _wake.Task;
            var started = time.GetTimestamp();
            try
            {
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The record may be stale after a partial failure; reload it on the next poll. The sweep starts again
                // too, so that a continuation token storage no longer accepts cannot stop the feed for good.
                _announced = null;
                _cursor = null;
                if (StorageFailures.IsUnavailable(ex))
                {
                    // Storage down or frozen is expected now and then: one line, no stack trace.
                    LogStorageUnavailable(logger, StorageFailures.Describe(ex));
                }
                else
                {
                    LogPollFailed(logger, ex);
                }
            }

            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.Delay(NextWait(interval, time.GetElapsedTime(started)), time, pause.Token), wake).ConfigureAwait(false);
            await pause.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// How long to wait after a poll that took <paramref name="pollTook"/>: the interval, or twice the poll's own time
    /// when that is longer. A poll lists up to <see cref="PagesPerPoll"/> pages, which costs storage more the more files
    /// they hold (at 10,000 files, listing every 0.5 s took more of Azurite than the work itself); this keeps the feed's share of
    /// storage's time under about a third, at the price of later detection in a very large container.
    /// </summary>
    public static TimeSpan NextWait(TimeSpan interval, TimeSpan pollTook) =>
        pollTook * 2 > interval ? pollTook * 2 : interval;

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Not announcing {BlobName}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string blobName, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Announced {Count} new blob versions in the incoming container")]
    private static partial void LogAnnounced(ILogger logger, int count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "The blob-change feed could not poll: storage is not answering ({Reason}); it will try again")]
    private static partial void LogStorageUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The blob-change feed could not poll; it will try again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}

/// <summary>Builds Event Grid <c>Microsoft.Storage.BlobCreated</c> events in the Event Grid schema.</summary>
public static class BlobCreatedEvents
{
    public const string EventType = "Microsoft.Storage.BlobCreated";

    public static string Serialize(IncomingBlobs container, IEnumerable<IncomingBlob> blobs, DateTimeOffset at)
    {
        var events = blobs.Select(blob => new
        {
            id = Guid.NewGuid().ToString(),
            topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{container.AccountName}",
            subject = $"/blobServices/default/containers/{container.ContainerName}/blobs/{blob.Name}",
            eventType = EventType,
            eventTime = at,
            dataVersion = "",
            metadataVersion = "1",
            data = new
            {
                api = "PutBlob",
                clientRequestId = Guid.NewGuid().ToString(),
                requestId = Guid.NewGuid().ToString(),
                eTag = blob.Version,
                contentType = blob.ContentType ?? "application/octet-stream",
                contentLength = blob.Size,
                blobType = blob.BlobType + "Blob",
                url = container.UriOf(blob.Name).AbsoluteUri,
                sequencer = blob.Version,
                storageDiagnostics = new { batchId = Guid.NewGuid().ToString() },
            },
        });
        return JsonSerializer.Serialize(events);
    }
}
