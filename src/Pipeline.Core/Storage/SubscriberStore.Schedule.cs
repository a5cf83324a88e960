using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Storage;

/// <summary>The schedule index of the subscribers table: PartitionKey the due hour (<c>yyyyMMddHH</c>, UTC), RowKey the subscriber.</summary>
public sealed partial class SubscriberStore
{
    // After the digits of every bucket, so that "every bucket up to now" never reads it.
    private const string MarkerPartition = "~";
    private const string BackfilledMarker = "backfilled";

    /// <summary>The schedule bucket of a due time: its UTC hour.</summary>
    public static string BucketOf(DateTimeOffset due) => due.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>Every subscriber whose entry is due at or before <paramref name="now"/>: past buckets and this hour's, by time.</summary>
    public async Task<IReadOnlyList<DueSubscriber>> ListDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {BucketOf(now)} and Due le {now}");
        var due = new List<DueSubscriber>();
        await foreach (var entity in ScheduleTable.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(new DueSubscriber(entity.RowKey, entity.PartitionKey));
        }

        return due;
    }

    /// <summary>
    /// Moves <paramref name="subscriber"/>'s entry to <paramref name="due"/>: the new entry is written first, then the
    /// subscriber's row points at it, then the old entries (the one recorded on the row and <paramref name="foundIn"/>,
    /// where the digest pass found them) are deleted. A crash in between leaves an extra entry, never none.
    /// </summary>
    public async Task ScheduleAsync(Subscriber subscriber, DateTimeOffset due, string? foundIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var bucket = BucketOf(due);
        var stale = new[] { subscriber.DueBucket, foundIn }.OfType<string>().Where(b => b != bucket).Distinct(StringComparer.Ordinal).ToList();
        await PutEntryAsync(subscriber.Key, due, cancellationToken).ConfigureAwait(false);
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(Partition, subscriber.Key) { [nameof(Subscriber.DueBucket)] = bucket }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Removed meanwhile: so goes the entry just written.
            stale.Add(bucket);
        }

        foreach (var old in stale)
        {
            await ScheduleTable.DeleteEntityAsync(old, subscriber.Key, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes an entry whose subscriber is gone.</summary>
    public async Task UnscheduleAsync(DueSubscriber entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await ScheduleTable.DeleteEntityAsync(entry.Bucket, entry.Key, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Once per table: gives every confirmed subscriber stored before the schedule index existed an entry (due now when
    /// their digest is due, at their next slot otherwise). Returns how many it scheduled; 0 once done.
    /// </summary>
    public async Task<int> EnsureScheduledAsync(CancellationToken cancellationToken = default)
    {
        var marker = await ScheduleTable.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, BackfilledMarker, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (marker.HasValue)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var scheduled = 0;
        foreach (var subscriber in (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.DueBucket is null && s.IsConfirmed))
        {
            DateTimeOffset due;
            try
            {
                due = subscriber.LastDigestAt is { } last && !subscriber.IsDue(now) ? subscriber.Schedule.NextDue(last) : now;
            }
            catch (FormatException)
            {
                due = now;
            }

            await ScheduleAsync(subscriber, due, null, cancellationToken).ConfigureAwait(false);
            scheduled++;
        }

        await ScheduleTable.UpsertEntityAsync(new TableEntity(MarkerPartition, BackfilledMarker) { ["At"] = now, ["Scheduled"] = scheduled }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return scheduled;
    }

    private Task PutEntryAsync(string key, DateTimeOffset due, CancellationToken cancellationToken) =>
        ScheduleTable.UpsertEntityAsync(new TableEntity(BucketOf(due), key) { ["Due"] = due }, TableUpdateMode.Replace, cancellationToken);
}
