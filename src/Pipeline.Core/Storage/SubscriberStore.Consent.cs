using System.Net;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Storage;

/// <summary>What <see cref="SubscriberStore.AddPendingAsync"/> found.</summary>
public enum PendingSignup
{
    /// <summary>A new, pending subscriber was stored.</summary>
    Created,

    /// <summary>The address was already pending; the alert and schedule were added to it.</summary>
    StillPending,

    /// <summary>The address is already confirmed; nothing was changed.</summary>
    AlreadyConfirmed,
}

/// <summary>What <see cref="SubscriberStore.ConfirmAsync"/> found.</summary>
public enum ConfirmOutcome
{
    Confirmed,
    AlreadyConfirmed,
    NotFound,
}

/// <summary>Double opt-in: pending subscribers, their confirmation and the per-address limit on confirmation emails.</summary>
public sealed partial class SubscriberStore
{
    /// <summary>
    /// Stores <paramref name="email"/> as a pending subscriber with <paramref name="alert"/> on <paramref name="frequency"/>:
    /// no schedule entry, so no digest, until <see cref="ConfirmAsync"/>. An address already pending gets the alert
    /// added and the frequency set; a confirmed one is left as it is.
    /// </summary>
    public async Task<PendingSignup> AddPendingAsync(string email, Alert alert, string frequency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = Subscriber.KeyOf(email);
        while (true)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                var entity = new TableEntity(Partition, key)
                {
                    [nameof(Subscriber.Email)] = email,
                    [nameof(Subscriber.Alerts)] = Subscriber.WriteAlerts([alert]),
                    [nameof(Subscriber.Frequency)] = frequency,
                    [nameof(Subscriber.Status)] = Subscriber.Pending,
                };
                try
                {
                    await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    return PendingSignup.Created;
                }
                catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
                {
                    continue;
                }
            }

            var row = existing.Value!;
            var subscriber = Subscriber.FromEntity(row);
            if (subscriber.IsConfirmed)
            {
                return PendingSignup.AlreadyConfirmed;
            }

            var alerts = subscriber.Alerts.Any(a => a.Id == alert.Id) || subscriber.Alerts.Count >= Subscriber.MaxAlerts
                ? subscriber.Alerts
                : [.. subscriber.Alerts, alert];
            var update = new TableEntity(Partition, key)
            {
                [nameof(Subscriber.Alerts)] = Subscriber.WriteAlerts(alerts),
                [nameof(Subscriber.Frequency)] = frequency,
            };
            if (await TryMergeAsync(update, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                return PendingSignup.StillPending;
            }
        }
    }

    /// <summary>
    /// Records a confirmation email to the subscriber with <paramref name="key"/> unless <paramref name="limit"/> were
    /// already sent within <paramref name="per"/>. The record is on the subscriber's row, written with its ETag, so the
    /// limit holds across instances. Returns false when over the limit (or when there is no such subscriber).
    /// </summary>
    public async Task<bool> TryRecordConfirmationAsync(string key, int limit, TimeSpan per, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                return false;
            }

            var now = time.GetUtcNow();
            var recent = Subscriber.FromEntity(existing.Value!).ConfirmationsSent.Where(t => t > now - per).ToList();
            if (recent.Count >= limit)
            {
                return false;
            }

            var update = new TableEntity(Partition, key) { [nameof(Subscriber.ConfirmationsSent)] = Subscriber.WriteTimes([.. recent, now]) };
            if (await TryMergeAsync(update, existing.Value!.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Makes the subscriber with <paramref name="key"/> confirmed and schedules their first digest now. Idempotent: a
    /// confirmed subscriber stays as they are, and one left without a schedule entry (a crash between the two
    /// writes) gets it on the next confirmation.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string key, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue)
            {
                return ConfirmOutcome.NotFound;
            }

            var subscriber = Subscriber.FromEntity(existing.Value!);
            if (subscriber.IsConfirmed)
            {
                if (subscriber.DueBucket is null)
                {
                    await ScheduleAsync(subscriber, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
                }

                return ConfirmOutcome.AlreadyConfirmed;
            }

            var update = new TableEntity(Partition, key) { [nameof(Subscriber.Status)] = Subscriber.Confirmed };
            if (await TryMergeAsync(update, existing.Value!.ETag, cancellationToken).ConfigureAwait(false))
            {
                await ScheduleAsync(subscriber with { Status = Subscriber.Confirmed }, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
                return ConfirmOutcome.Confirmed;
            }
        }
    }
}
