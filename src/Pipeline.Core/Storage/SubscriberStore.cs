using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Storage;

/// <summary>The subscribers table: each subscriber's address, alert query, frequency and digest bookkeeping.</summary>
public sealed class SubscriberStore(StorageClients clients, IOptions<StorageOptions> options)
{
    private const string Partition = "subscriber";

    private TableClient Table => clients.Tables.GetTableClient(options.Value.SubscribersTable);

    public async Task<IReadOnlyList<Subscriber>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<Subscriber>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Subscriber.FromEntity(entity));
        }

        return list;
    }

    /// <summary>Adds a subscriber, or changes an existing one's query and frequency; digest bookkeeping is kept.</summary>
    public async Task UpsertAsync(string email, string query, string frequency, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(Partition, Subscriber.KeyOf(email))
        {
            [nameof(Subscriber.Email)] = email,
            [nameof(Subscriber.Query)] = query,
            [nameof(Subscriber.Frequency)] = frequency,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a subscriber; returns false when there was none with that address.</summary>
    public async Task<bool> DeleteAsync(string email, CancellationToken cancellationToken = default)
    {
        var response = await Table.DeleteEntityAsync(Partition, Subscriber.KeyOf(email), ETag.All, cancellationToken).ConfigureAwait(false);
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
}
