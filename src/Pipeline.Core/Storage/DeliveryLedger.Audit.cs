using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Pipeline.Core.Storage;

/// <summary>Reading every digest row for an audit, one page at a time.</summary>
public sealed partial class DeliveryLedger
{
    /// <summary>
    /// Every digest row, page by page, in table order: grouped by subscriber, so that a reader can check one
    /// subscriber's digests at a time.
    /// </summary>
    public async IAsyncEnumerable<DigestRow> ReadDigestsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {DigestPrefix} and RowKey lt {"digest."}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new DigestRow(
                entity.PartitionKey,
                entity.GetString("Email") ?? "",
                entity.RowKey[DigestPrefix.Length..],
                entity.GetString("Status") ?? "",
                entity.GetString("Reason"),
                (entity.GetString("ArticleIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
                entity.GetDateTimeOffset("SentAt") ?? entity.GetDateTimeOffset("ClaimedAt"));
        }
    }
}

/// <summary>One digest row of the deliveries table, as an audit reads it.</summary>
/// <param name="SubscriberKey">The subscriber's partition.</param>
/// <param name="Reason">Why it failed, when it did.</param>
public sealed record DigestRow(string SubscriberKey, string Email, string DigestId, string Status, string? Reason, IReadOnlyList<string> ArticleIds, DateTimeOffset? At);
