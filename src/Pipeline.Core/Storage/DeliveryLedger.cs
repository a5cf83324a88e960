using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Storage;

/// <summary>
/// The deliveries table: per subscriber, one row per digest (claimed, then sent) and one per article delivered, so
/// that no digest and no article goes to the same subscriber twice.
/// </summary>
public sealed partial class DeliveryLedger(StorageClients clients, IOptions<StorageOptions> options)
{
    private const string DigestPrefix = "digest-";
    private const string ArticlePrefix = "article-";

    /// <summary>How long a claim that has not recorded its send counts as still sending, rather than interrupted.</summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(10);

    private const int PointReadLimit = 8;

    private TableClient Table => clients.Tables.GetTableClient(options.Value.DeliveriesTable);

    /// <summary>
    /// Claims a digest before it is sent, so that the same digest (same subscriber, same articles) is never sent
    /// twice. Says what an earlier claim, if any, got to.
    /// </summary>
    public async Task<DigestClaim> ClaimAsync(Subscriber subscriber, string digestId, IReadOnlyList<string> articleIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(subscriber.Key, DigestKey(digestId))
        {
            ["Email"] = subscriber.Email,
            ["ArticleIds"] = string.Join(',', articleIds),
            ["Status"] = DeliveryStatus.Sending,
            ["ClaimedAt"] = at,
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return DigestClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var existing = await Table.GetEntityAsync<TableEntity>(subscriber.Key, DigestKey(digestId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Value.GetString("Status") != DeliveryStatus.Sending)
            {
                return DigestClaim.AlreadySent;
            }

            return existing.Value.GetDateTimeOffset("ClaimedAt") is { } claimedAt && at - claimedAt < SendingLease ? DigestClaim.InProgress : DigestClaim.Interrupted;
        }
    }

    /// <summary>Gives up a claim whose email could not be sent, so that the next pass tries again.</summary>
    public async Task ReleaseClaimAsync(Subscriber subscriber, string digestId, CancellationToken cancellationToken = default) =>
        await Table.DeleteEntityAsync(subscriber.Key, DigestKey(digestId), ETag.All, cancellationToken).ConfigureAwait(false);

    /// <summary>Records how a claimed digest ended, and marks each of its articles as delivered to the subscriber.</summary>
    public async Task CompleteAsync(Subscriber subscriber, string digestId, IReadOnlyList<string> articleIds, string status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(subscriber.Key, DigestKey(digestId)) { ["Status"] = status, ["SentAt"] = at }, ETag.All),
        };
        actions.AddRange(articleIds.Select(id => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(subscriber.Key, ArticlePrefix + id) { ["DigestId"] = digestId, ["DeliveredAt"] = at })));

        // A table transaction holds at most 100 actions.
        foreach (var batch in actions.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Which of <paramref name="articleIds"/> were already delivered to a subscriber: a point read each when they are
    /// few (the usual digest), one range query over the subscriber's deliveries otherwise.
    /// </summary>
    public async Task<IReadOnlySet<string>> WhichDeliveredAsync(Subscriber subscriber, IReadOnlyCollection<string> articleIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(articleIds);
        if (articleIds.Count > PointReadLimit)
        {
            return await ListDeliveredArticleIdsAsync(subscriber, cancellationToken).ConfigureAwait(false);
        }

        var found = await Task.WhenAll(articleIds.Select(async id =>
            (await Table.GetEntityIfExistsAsync<TableEntity>(subscriber.Key, ArticlePrefix + id, select: ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue ? id : null)).ConfigureAwait(false);
        return found.OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The ids of every article already delivered to a subscriber.</summary>
    public async Task<HashSet<string>> ListDeliveredArticleIdsAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriber.Key} and RowKey ge {ArticlePrefix} and RowKey lt {"article."}");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entity.RowKey[ArticlePrefix.Length..]);
        }

        return ids;
    }

    /// <summary>Every digest recorded, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {DigestPrefix} and RowKey lt {"digest."}");
        var list = new List<DeliveryRecord>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DeliveryRecord(
                entity.GetString("Email"),
                entity.RowKey[DigestPrefix.Length..],
                entity.GetString("Status"),
                entity.GetString("ArticleIds").Split(',', StringSplitOptions.RemoveEmptyEntries),
                entity.GetDateTimeOffset("SentAt") ?? entity.GetDateTimeOffset("ClaimedAt")));
        }

        return list.OrderByDescending(d => d.At).ToList();
    }

    private static string DigestKey(string digestId) => DigestPrefix + digestId;
}
