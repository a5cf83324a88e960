using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Storage;

/// <summary>
/// The subscribers table: one row per subscriber with their address, schedule, digest bookkeeping and, in one JSON
/// column, all their alerts. One row, because the digest needs every alert of a subscriber at once: a shard of
/// subscribers is then one point read each, and adding an alert is one optimistic read-modify-write of that row.
/// The schedule index (<see cref="StorageOptions.SubscriberScheduleTable"/>) has one entry per subscriber, partitioned
/// by the hour their next digest is due, so that the digest timer reads only the subscribers who are due.
/// </summary>
public sealed partial class SubscriberStore(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time)
{
    private const string Partition = "subscriber";

    private TableClient Table => clients.Tables.GetTableClient(options.Value.SubscribersTable);

    private TableClient ScheduleTable => clients.Tables.GetTableClient(options.Value.SubscriberScheduleTable);

    public async Task<IReadOnlyList<Subscriber>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<Subscriber>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Subscriber.FromEntity(entity));
        }

        return list;
    }

    /// <summary>The subscriber with table key <paramref name="key"/>, or null when there is none.</summary>
    public async Task<Subscriber?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? Subscriber.FromEntity(response.Value!) : null;
    }

    /// <summary>
    /// Adds an alert named after <paramref name="query"/> to <paramref name="email"/>, subscribing them when they were
    /// not, and sets their frequency. Their other alerts and digest bookkeeping are kept.
    /// </summary>
    public Task<bool> UpsertAsync(string email, string query, string frequency, CancellationToken cancellationToken = default) =>
        AddAlertAsync(email, Alert.Create(query, query), frequency, cancellationToken);

    /// <summary>
    /// Adds <paramref name="alert"/> to the subscriber (created when new, daily unless <paramref name="frequency"/> says
    /// otherwise); a non-null <paramref name="frequency"/> also changes an existing subscriber's. Never replaces another
    /// alert. Returns false when the subscriber already had this alert (same name and query).
    /// </summary>
    public async Task<bool> AddAlertAsync(string email, Alert alert, string? frequency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        while (true)
        {
            var key = Subscriber.KeyOf(email);
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                // The index entry first: a subscriber row always has one, and a stray entry is dropped when found.
                var now = time.GetUtcNow();
                await PutEntryAsync(key, now, cancellationToken).ConfigureAwait(false);
                var entity = new TableEntity(Partition, key)
                {
                    [nameof(Subscriber.Email)] = email,
                    [nameof(Subscriber.Alerts)] = Subscriber.WriteAlerts([alert]),
                    [nameof(Subscriber.Frequency)] = frequency ?? "daily",
                    [nameof(Subscriber.DueBucket)] = BucketOf(now),
                    [nameof(Subscriber.Status)] = Subscriber.Confirmed,
                };
                try
                {
                    await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
                {
                    continue;
                }
            }

            var row = existing.Value!;
            var subscriber = Subscriber.FromEntity(row);
            var added = subscriber.Alerts.All(a => a.Id != alert.Id);
            if (added && subscriber.Alerts.Count >= Subscriber.MaxAlerts)
            {
                throw new InvalidOperationException($"alerts: {Subscriber.Mask(email)} already has {Subscriber.MaxAlerts} alerts, the most one subscriber may have.");
            }

            if (!added && subscriber.IsConfirmed && (frequency is null || frequency == subscriber.Frequency))
            {
                return false;
            }

            // An operator adding an alert confirms a subscriber who signed up on the web and had not yet confirmed.
            var update = new TableEntity(Partition, key)
            {
                [nameof(Subscriber.Alerts)] = Subscriber.WriteAlerts(added ? [.. subscriber.Alerts, alert] : subscriber.Alerts),
                [nameof(Subscriber.Status)] = Subscriber.Confirmed,
            };
            if (frequency is not null)
            {
                update[nameof(Subscriber.Frequency)] = frequency;
            }

            if (await TryMergeAsync(update, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                if ((frequency is not null && frequency != subscriber.Frequency) || !subscriber.IsConfirmed)
                {
                    // A new schedule: due at its next slot after the last digest, or now when there was none.
                    var changed = subscriber with { Frequency = frequency ?? subscriber.Frequency };
                    var last = changed.LastDigestAt;
                    await ScheduleAsync(changed, last is null || changed.IsDue(time.GetUtcNow()) ? time.GetUtcNow() : changed.Schedule.NextDue(last.Value), null, cancellationToken).ConfigureAwait(false);
                }

                return added;
            }
        }
    }

    /// <summary>Removes the alert with id or name <paramref name="alert"/>; returns false when the subscriber had none such.</summary>
    public async Task<bool> RemoveAlertAsync(string email, string alert, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, Subscriber.KeyOf(email), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                return false;
            }

            var row = existing.Value!;
            var alerts = Subscriber.FromEntity(row).Alerts;
            var kept = alerts.Where(a => a.Id != alert && !string.Equals(a.Name, alert, StringComparison.Ordinal)).ToList();
            if (kept.Count == alerts.Count)
            {
                return false;
            }

            var update = new TableEntity(Partition, row.RowKey) { [nameof(Subscriber.Alerts)] = Subscriber.WriteAlerts(kept) };
            if (await TryMergeAsync(update, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>Removes a subscriber and their schedule entry; returns false when there was none with that address.</summary>
    public Task<bool> DeleteAsync(string email, CancellationToken cancellationToken = default) =>
        DeleteByKeyAsync(Subscriber.KeyOf(email), cancellationToken);

    /// <summary>Removes the subscriber with table key <paramref name="key"/> and their schedule entry; false when there was none.</summary>
    public async Task<bool> DeleteByKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        var subscriber = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        var response = await Table.DeleteEntityAsync(Partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
        if (subscriber?.DueBucket is { } bucket)
        {
            await ScheduleTable.DeleteEntityAsync(bucket, subscriber.Key, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        return response.Status != (int)HttpStatusCode.NotFound;
    }

    /// <summary>Moves a subscriber's digest bookkeeping forward.</summary>
    public async Task UpdateProgressAsync(Subscriber subscriber, DateTimeOffset coveredUntil, DateTimeOffset? lastDigestAt, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition, subscriber.Key) { [nameof(Subscriber.CoveredUntil)] = coveredUntil };
        if (lastDigestAt is not null)
        {
            entity[nameof(Subscriber.LastDigestAt)] = lastDigestAt;
        }

        await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Merges <paramref name="update"/> unless the row changed since it was read (then the caller reads again).</summary>
    private async Task<bool> TryMergeAsync(TableEntity update, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(update, etag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
