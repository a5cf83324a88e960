namespace Pipeline.Core.Storage;

/// <summary>A digest recorded in the deliveries table.</summary>
public sealed record DeliveryRecord(string Email, string DigestId, string Status, IReadOnlyList<string> ArticleIds, DateTimeOffset? At);

/// <summary>What claiming a digest found.</summary>
public enum DigestClaim
{
    /// <summary>The digest is new and now claimed: send it.</summary>
    Claimed,

    /// <summary>The same digest was sent before.</summary>
    AlreadySent,

    /// <summary>An earlier pass claimed it and stopped before it could record the send; it may or may not have gone.</summary>
    Interrupted,

    /// <summary>
    /// Another pass claimed it less than <see cref="DeliveryLedger.SendingLease"/> ago and may be sending it now (two
    /// shards holding the same subscriber, or a shard delivered twice): leave it to that pass.
    /// </summary>
    InProgress,
}

/// <summary>The states of a digest in the deliveries table.</summary>
public static class DeliveryStatus
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>A pass stopped between claiming and recording; not resent, so that no one gets it twice.</summary>
    public const string Unconfirmed = "unconfirmed";
}
