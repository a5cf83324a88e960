using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Storage;

/// <summary>
/// Every read and write the pipeline makes to storage, by what it means rather than by wire call: articles and
/// summaries as JSON blobs, quarantined files, the summarise queue, and the bookkeeping tables.
/// </summary>
public sealed class PipelineStore(StorageClients clients, IOptions<StorageOptions> options)
{
    /// <summary>The JSON shape of every document we store: camelCase, enums as strings, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly StorageOptions _names = options.Value;

    public StorageOptions Names => _names;

    public BlobContainerClient Incoming => clients.Blobs.GetBlobContainerClient(_names.IncomingContainer);

    public BlobContainerClient Articles => clients.Blobs.GetBlobContainerClient(_names.ArticlesContainer);

    public BlobContainerClient Summaries => clients.Blobs.GetBlobContainerClient(_names.SummariesContainer);

    public BlobContainerClient Quarantine => clients.Blobs.GetBlobContainerClient(_names.QuarantineContainer);

    public QueueClient SummariseQueue => clients.Queues.GetQueueClient(_names.SummariseQueue);

    public QueueClient SummarisePoisonQueue => clients.Queues.GetQueueClient(_names.SummariseQueue + "-poison");

    private TableClient Table(string name) => clients.Tables.GetTableClient(name);

    /// <summary>Creates every container, queue and table that is missing. Safe to call at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var containers = new[] { Incoming, Articles, Summaries, Quarantine };
        await Task.WhenAll(containers.Select(c => c.CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
        await SummariseQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var tables = new[] { _names.SubscribersTable, _names.DeliveriesTable, _names.IngestionsTable, _names.SummaryIndexTable, _names.AnnouncedBlobsTable };
        await Task.WhenAll(tables.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken))).ConfigureAwait(false);
    }

    // ---- Articles and summaries -------------------------------------------------------------------------------

    public Task<ArticleDocument?> GetArticleAsync(string articleId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<ArticleDocument>(Articles.GetBlobClient(articleId + ".json"), cancellationToken);

    /// <summary>
    /// Stores a new article, or adds <paramref name="article"/>'s source to the one already stored under its id.
    /// Returns true when the article was new.
    /// </summary>
    public async Task<bool> SaveArticleAsync(ArticleDocument article, CancellationToken cancellationToken = default)
    {
        var blob = Articles.GetBlobClient(article.Id + ".json");
        if (await TryCreateJsonAsync(blob, article, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // Another copy of the same article exists: record this source on it, with optimistic concurrency.
        while (true)
        {
            var existing = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var stored = existing.Value.Content.ToObjectFromJson<ArticleDocument>(Json)!;
            if (article.Sources.All(stored.Sources.Contains))
            {
                return false;
            }

            var merged = stored with { Sources = [.. stored.Sources, .. article.Sources.Except(stored.Sources)] };
            try
            {
                await blob.UploadAsync(
                    BinaryData.FromObjectAsJson(merged, Json),
                    new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = existing.Value.Details.ETag }, HttpHeaders = JsonHeaders },
                    cancellationToken).ConfigureAwait(false);
                return false;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone else added a source meanwhile; read again.
            }
        }
    }

    public Task<SummaryDocument?> GetSummaryAsync(string articleId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<SummaryDocument>(Summaries.GetBlobClient(articleId + ".json"), cancellationToken);

    /// <summary>Stores a summary unless one exists already. Returns false when another writer got there first.</summary>
    public Task<bool> TryCreateSummaryAsync(SummaryDocument summary, CancellationToken cancellationToken = default) =>
        TryCreateJsonAsync(Summaries.GetBlobClient(summary.ArticleId + ".json"), summary, cancellationToken);

    public async Task<bool> SummaryExistsAsync(string articleId, CancellationToken cancellationToken = default) =>
        (await Summaries.GetBlobClient(articleId + ".json").ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The ids of every summarised article.</summary>
    public async Task<HashSet<string>> ListSummarisedIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in Summaries.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(Path.GetFileNameWithoutExtension(item.Name));
        }

        return ids;
    }

    public async Task EnqueueSummariseAsync(string articleId, CancellationToken cancellationToken = default) =>
        await SummariseQueue.SendMessageAsync(JsonSerializer.Serialize(new SummariseMessage(articleId, PipelineTelemetry.CurrentTraceParent), Json), cancellationToken).ConfigureAwait(false);

    // ---- Quarantine -----------------------------------------------------------------------------------------

    /// <summary>Copies a rejected file's original bytes to quarantine under the same name, with its reason.</summary>
    public async Task QuarantineAsync(string name, Stream content, Rejection rejection, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string>
        {
            [ReasonCodeKey] = rejection.Code,
            // Metadata values must be ASCII; escape the message so every character survives.
            [ReasonKey] = Uri.EscapeDataString(rejection.Message),
        };
        await Quarantine.GetBlobClient(name).UploadAsync(
            content,
            new BlobUploadOptions { Metadata = metadata },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every quarantined file with its reason, in name order.</summary>
    public async IAsyncEnumerable<QuarantinedFile> ListQuarantineAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Quarantine.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
        {
            var code = item.Metadata.TryGetValue(ReasonCodeKey, out var c) ? c : "unknown";
            var message = item.Metadata.TryGetValue(ReasonKey, out var m) ? Uri.UnescapeDataString(m) : "";
            yield return new QuarantinedFile(item.Name, code, message, item.Properties.ContentLength ?? 0, item.Properties.LastModified);
        }
    }

    /// <summary>
    /// Moves a quarantined file back into the incoming container under its name (a new blob version, so it is
    /// ingested again), for example after raising a limit or fixing a parser. Returns false when there is no such file.
    /// </summary>
    public async Task<bool> RequeueAsync(string name, CancellationToken cancellationToken = default)
    {
        var quarantined = Quarantine.GetBlobClient(name);
        BinaryData content;
        ETag etag;
        try
        {
            var download = await quarantined.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            content = download.Value.Content;
            etag = download.Value.Details.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }

        await Incoming.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        // Only after the copy is safely back in incoming; and only the version that was copied.
        await quarantined.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private const string ReasonCodeKey = "reasoncode";
    private const string ReasonKey = "reason";

    // ---- Ingestion ledger -----------------------------------------------------------------------------------

    /// <summary>What happened to one version (ETag) of an incoming blob, if it was ingested.</summary>
    public async Task<IngestionRecord?> GetIngestionAsync(string blobName, ETag etag, CancellationToken cancellationToken = default)
    {
        var entity = await Table(_names.IngestionsTable)
            .GetEntityIfExistsAsync<TableEntity>(Key(blobName), VersionOf(etag), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? IngestionRecord.FromEntity(entity.Value!) : null;
    }

    public async Task RecordIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default) =>
        await Table(_names.IngestionsTable).UpsertEntityAsync(record.ToEntity(Key(record.BlobName), VersionOf(record.ETag)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>Every ingestion outcome recorded, keyed by blob name and ETag.</summary>
    public async Task<Dictionary<(string Name, string ETag), IngestionRecord>> ListIngestionsAsync(CancellationToken cancellationToken = default)
    {
        var records = new Dictionary<(string, string), IngestionRecord>();
        await foreach (var entity in Table(_names.IngestionsTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = IngestionRecord.FromEntity(entity);
            records[(record.BlobName, VersionOf(record.ETag))] = record;
        }

        return records;
    }

    // ---- Summary index --------------------------------------------------------------------------------------

    private const string SummaryIndexPartition = "summaries";

    /// <summary>Records that <paramref name="summary"/> exists, keyed by its creation time. Idempotent.</summary>
    public async Task IndexSummaryAsync(SummaryDocument summary, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(SummaryIndexPartition, TimeKey(summary.CreatedAt) + "-" + summary.ArticleId)
        {
            ["ArticleId"] = summary.ArticleId,
            ["CreatedAt"] = summary.CreatedAt,
        };
        await Table(_names.SummaryIndexTable).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ids of articles summarised after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListSummarisedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SummaryIndexPartition} and RowKey gt {TimeKey(since)}");
        var ids = new List<string>();
        await foreach (var entity in Table(_names.SummaryIndexTable).QueryAsync<TableEntity>(filter, select: ["ArticleId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entity.GetString("ArticleId"));
        }

        return ids;
    }

    // ---- Subscribers and deliveries -------------------------------------------------------------------------

    private const string SubscriberPartition = "subscriber";

    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<Subscriber>();
        await foreach (var entity in Table(_names.SubscribersTable).QueryAsync<TableEntity>(e => e.PartitionKey == SubscriberPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Subscriber.FromEntity(entity));
        }

        return list;
    }

    /// <summary>Adds a subscriber, or changes an existing one's query and frequency; digest bookkeeping is kept.</summary>
    public async Task UpsertSubscriberAsync(string email, string query, string frequency, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(SubscriberPartition, Subscriber.KeyOf(email))
        {
            [nameof(Subscriber.Email)] = email,
            [nameof(Subscriber.Query)] = query,
            [nameof(Subscriber.Frequency)] = frequency,
        };
        await Table(_names.SubscribersTable).UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a subscriber; returns false when there was none with that address.</summary>
    public async Task<bool> DeleteSubscriberAsync(string email, CancellationToken cancellationToken = default)
    {
        var response = await Table(_names.SubscribersTable).DeleteEntityAsync(SubscriberPartition, Subscriber.KeyOf(email), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != (int)HttpStatusCode.NotFound;
    }

    /// <summary>Moves a subscriber's digest bookkeeping forward.</summary>
    public async Task UpdateSubscriberProgressAsync(Subscriber subscriber, DateTimeOffset coveredUntil, DateTimeOffset? lastDigestAt, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(SubscriberPartition, subscriber.Key) { [nameof(Subscriber.CoveredUntil)] = coveredUntil };
        if (lastDigestAt is not null)
        {
            entity[nameof(Subscriber.LastDigestAt)] = lastDigestAt;
        }

        await Table(_names.SubscribersTable).UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims a digest before it is sent, so that the same digest (same subscriber, same articles) is never sent
    /// twice. Says what an earlier claim, if any, got to.
    /// </summary>
    public async Task<DigestClaim> ClaimDigestAsync(Subscriber subscriber, string digestId, IReadOnlyList<string> articleIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = Table(_names.DeliveriesTable);
        var entity = new TableEntity(subscriber.Key, DigestKey(digestId))
        {
            ["Email"] = subscriber.Email,
            ["ArticleIds"] = string.Join(',', articleIds),
            ["Status"] = DeliveryStatus.Sending,
            ["ClaimedAt"] = at,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return DigestClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            var existing = await table.GetEntityAsync<TableEntity>(subscriber.Key, DigestKey(digestId), cancellationToken: cancellationToken).ConfigureAwait(false);
            return existing.Value.GetString("Status") == DeliveryStatus.Sending ? DigestClaim.Interrupted : DigestClaim.AlreadySent;
        }
    }

    /// <summary>Gives up a claim whose email could not be sent, so that the next pass tries again.</summary>
    public async Task ReleaseDigestClaimAsync(Subscriber subscriber, string digestId, CancellationToken cancellationToken = default) =>
        await Table(_names.DeliveriesTable).DeleteEntityAsync(subscriber.Key, DigestKey(digestId), ETag.All, cancellationToken).ConfigureAwait(false);

    /// <summary>Records how a claimed digest ended, and marks each of its articles as delivered to the subscriber.</summary>
    public async Task CompleteDigestAsync(Subscriber subscriber, string digestId, IReadOnlyList<string> articleIds, string status, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = Table(_names.DeliveriesTable);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, new TableEntity(subscriber.Key, DigestKey(digestId)) { ["Status"] = status, ["SentAt"] = at }, ETag.All),
        };
        actions.AddRange(articleIds.Select(id => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(subscriber.Key, "article-" + id) { ["DigestId"] = digestId, ["DeliveredAt"] = at })));

        // A table transaction holds at most 100 actions.
        foreach (var batch in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string DigestKey(string digestId) => "digest-" + digestId;

    /// <summary>The ids of every article already delivered to a subscriber.</summary>
    public async Task<HashSet<string>> ListDeliveredArticleIdsAsync(Subscriber subscriber, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriber.Key} and RowKey ge {"article-"} and RowKey lt {"article."}");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in Table(_names.DeliveriesTable).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entity.RowKey["article-".Length..]);
        }

        return ids;
    }

    /// <summary>Every digest recorded, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"digest-"} and RowKey lt {"digest."}");
        var list = new List<DeliveryRecord>();
        await foreach (var entity in Table(_names.DeliveriesTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new DeliveryRecord(
                entity.GetString("Email"),
                entity.RowKey["digest-".Length..],
                entity.GetString("Status"),
                entity.GetString("ArticleIds").Split(',', StringSplitOptions.RemoveEmptyEntries),
                entity.GetDateTimeOffset("SentAt") ?? entity.GetDateTimeOffset("ClaimedAt")));
        }

        return list.OrderByDescending(d => d.At).ToList();
    }

    // ---- Blob-change feed record ----------------------------------------------------------------------------

    /// <summary>Every blob version the blob-change feed has announced: name to ETag.</summary>
    public async Task<Dictionary<string, string>> ListAnnouncedAsync(CancellationToken cancellationToken = default)
    {
        var announced = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var entity in Table(_names.AnnouncedBlobsTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            announced[entity.GetString("Name")] = entity.GetString("ETag");
        }

        return announced;
    }

    /// <summary>Records that these blob versions were announced. Written after the announcement: at least once.</summary>
    public async Task RecordAnnouncedAsync(IEnumerable<(string Name, string ETag)> blobs, CancellationToken cancellationToken = default)
    {
        var table = Table(_names.AnnouncedBlobsTable);
        // One partition per key prefix keeps each batch inside a single partition, as transactions require.
        foreach (var group in blobs.GroupBy(b => Key(b.Name)[..2]))
        {
            foreach (var batch in group.Chunk(100))
            {
                var actions = batch.Select(b => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(group.Key, Key(b.Name)) { ["Name"] = b.Name, ["ETag"] = b.ETag }));
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /// <summary>A table-key-safe, fixed-length key for any string (blob names may hold '/', '#', '?').</summary>
    public static string Key(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    /// <summary>
    /// A blob version as one string: its ETag without the quotes, as Event Grid writes it and as the ingestion
    /// ledger and the blob-change feed key it. Empty when the ETag is unknown.
    /// </summary>
    public static string VersionOf(ETag? etag) => etag is { } known ? VersionOf(known.ToString()) : "";

    /// <inheritdoc cref="VersionOf(ETag?)"/>
    public static string VersionOf(string etag) => etag.Trim('"');

    private static string TimeKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly BlobHttpHeaders JsonHeaders = new() { ContentType = "application/json; charset=utf-8" };

    private static async Task<T?> ReadJsonAsync<T>(BlobClient blob, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<T>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<bool> TryCreateJsonAsync<T>(BlobClient blob, T value, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(value, Json),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = JsonHeaders },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}

/// <summary>The summarise queue's message: which article needs a summary, and the trace it belongs to.</summary>
public sealed record SummariseMessage(string ArticleId, string? TraceParent = null);

/// <summary>A file in quarantine and why it is there.</summary>
public sealed record QuarantinedFile(string Name, string ReasonCode, string Reason, long Size, DateTimeOffset? At);

/// <summary>What claiming a digest found.</summary>
public enum DigestClaim
{
    /// <summary>The digest is new and now claimed: send it.</summary>
    Claimed,

    /// <summary>The same digest was sent before.</summary>
    AlreadySent,

    /// <summary>An earlier pass claimed it and stopped before it could record the send; it may or may not have gone.</summary>
    Interrupted,
}

/// <summary>The states of a digest in the deliveries table.</summary>
public static class DeliveryStatus
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>A pass stopped between claiming and recording; not resent, so that no one gets it twice.</summary>
    public const string Unconfirmed = "unconfirmed";
}

/// <summary>A digest recorded in the deliveries table.</summary>
public sealed record DeliveryRecord(string Email, string DigestId, string Status, IReadOnlyList<string> ArticleIds, DateTimeOffset? At);
