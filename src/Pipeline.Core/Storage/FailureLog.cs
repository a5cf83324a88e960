using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Storage;

/// <summary>
/// The error of the last failed try of each piece of work, one row per stage and key (an article id, a blob name),
/// overwritten by each failure. The host moves a message that failed every try to a poison queue without its error;
/// this is where <c>pipeline status</c> finds it. One table write per failed try, none per success.
/// </summary>
public sealed partial class FailureLog(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time, ILogger<FailureLog>? logger = null)
{
    /// <summary>The stage that summarises articles (key: the article id).</summary>
    public const string Summarise = "summarise";

    /// <summary>The stage that parses incoming blobs (key: the blob name).</summary>
    public const string Ingest = "ingest";

    /// <summary>The stage that sends one shard of digests (key: <see cref="DigestShard.FailureKey"/>).</summary>
    public const string Digests = "digests";

    /// <summary>The longest error text kept.</summary>
    public const int MaxErrorLength = 500;

    private TableClient Table => clients.Tables.GetTableClient(options.Value.FailuresTable);

    /// <summary>
    /// Records <paramref name="exception"/> as the last error of <paramref name="key"/> in <paramref name="stage"/>.
    /// Never throws (but for cancellation): the caller is already failing, and its own exception must escape, not this one's.
    /// </summary>
    public async Task RecordAsync(string stage, string key, Exception exception, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(stage, TableKey.Of(key))
        {
            ["Key"] = key,
            ["Error"] = Describe(exception),
            ["At"] = time.GetUtcNow(),
        };
        try
        {
            await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The admin verbs (which only read) have no logging; the hosts do.
            LogNotRecorded(logger ?? NullLogger<FailureLog>.Instance, ex, stage, key);
        }
    }

    /// <summary>The last recorded failure of <paramref name="key"/> in <paramref name="stage"/>; null when none was recorded.</summary>
    public async Task<RecordedFailure?> GetAsync(string stage, string key, CancellationToken cancellationToken = default)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(stage, TableKey.Of(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? From(entity.Value!) : null;
    }

    /// <summary>Every recorded failure of <paramref name="stage"/>, page by page.</summary>
    public async IAsyncEnumerable<RecordedFailure> ListAsync(string stage, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(e => e.PartitionKey == stage, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return From(entity);
        }
    }

    /// <summary>
    /// One line for an error: the exception's type and the first line of its message, at most
    /// <see cref="MaxErrorLength"/> characters (storage errors carry their request's headers on later lines).
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.AsSpan();
        var end = message.IndexOfAny('\r', '\n');
        var line = $"{exception.GetType().Name}: {(end < 0 ? message : message[..end]).Trim()}";
        return line.Length <= MaxErrorLength ? line : string.Concat(line.AsSpan(0, MaxErrorLength - 1), "…");
    }

    private static RecordedFailure From(TableEntity entity) =>
        new(entity.PartitionKey, entity.GetString("Key") ?? "", entity.GetString("Error") ?? "", entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Could not record the failure of {Stage} {Key}; status will show it without its error")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string stage, string key);
}

/// <summary>The last error of one piece of work: its stage, its key (article id or blob name), the error and when.</summary>
public sealed record RecordedFailure(string Stage, string Key, string Error, DateTimeOffset At);
