using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Storage;

/// <summary>
/// Names of every container, queue and table the pipeline uses. Bound from the configuration root, because the
/// trigger attributes resolve the same keys (<c>%IncomingContainer%</c>); the defaults here are the only defaults.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The connection name both hosts use for storage (a connection string or an identity-based section).</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>Where users drop article files, under any name, nested paths included.</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = ContainerMessage)]
    public string IncomingContainer { get; set; } = "incoming";

    /// <summary>Parsed articles, as <c>{articleId}.json</c>.</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = ContainerMessage)]
    public string ArticlesContainer { get; set; } = "articles";

    /// <summary>Summaries, as <c>{articleId}.json</c>.</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = ContainerMessage)]
    public string SummariesContainer { get; set; } = "summaries";

    /// <summary>The original bytes of every rejected file, with its reason in the blob's metadata.</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = ContainerMessage)]
    public string QuarantineContainer { get; set; } = "quarantine";

    /// <summary>One message per parsed article that still needs a summary.</summary>
    /// <summary>The web copies of sent digests, <c>{subscriber}/{window}.html</c> ("view in browser").</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = ContainerMessage)]
    public string DigestsContainer { get; set; } = "digests";

    [Required, RegularExpression(ContainerPattern, ErrorMessage = "SummariseQueue must be 3-63 lower-case letters, digits and dashes.")]
    public string SummariseQueue { get; set; } = "summarise";

    /// <summary>One message per shard of due subscribers, from the digest timer to the <c>SendDigest</c> function.</summary>
    [Required, RegularExpression(ContainerPattern, ErrorMessage = "DigestsQueue must be 3-63 lower-case letters, digits and dashes.")]
    public string DigestsQueue { get; set; } = "digests";

    /// <summary>Subscribers: email, alerts, frequency and digest bookkeeping.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string SubscribersTable { get; set; } = "Subscribers";

    /// <summary>An index of subscribers by when their next digest is due, so the timer never reads every subscriber.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string SubscriberScheduleTable { get; set; } = "SubscriberSchedule";

    /// <summary>One row per digest sent, and one per article delivered to a subscriber.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string DeliveriesTable { get; set; } = "Deliveries";

    /// <summary>The outcome of every blob version ingested: the articles it produced or why it was quarantined.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string IngestionsTable { get; set; } = "Ingestions";

    /// <summary>An index of summaries by creation time, read by the digest pass.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string SummaryIndexTable { get; set; } = "SummaryIndex";

    /// <summary>The blob-change feed's durable record of the blob versions it has announced (local host only).</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string AnnouncedBlobsTable { get; set; } = "AnnouncedBlobs";

    /// <summary>The error of the last failed try of each queue message and blob, shown by <c>status</c> for what is poisoned.</summary>
    [Required, RegularExpression(TablePattern, ErrorMessage = TableMessage)]
    public string FailuresTable { get; set; } = "Failures";

    private const string ContainerPattern = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";
    private const string ContainerMessage = "Container names must be 3-63 lower-case letters, digits and single dashes.";
    private const string TablePattern = "^[A-Za-z][A-Za-z0-9]{2,62}$";
    private const string TableMessage = "Table names must be 3-63 letters and digits, starting with a letter.";
}
