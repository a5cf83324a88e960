using Azure;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Reliability;
using StorageException = Microsoft.WindowsAzure.Storage.StorageException;

namespace Pipeline.Cli.Hosting;

// The SDK marks its lock interfaces "not ready for public consumption", yet they are how it lets a host replace them.
#pragma warning disable CS0618

/// <summary>
/// Wraps the WebJobs SDK's blob-lease lock manager (the timer trigger's singleton lock) so that a lock blob lost
/// under a running host is taken again instead of ending the host. The SDK treats any renewal answer that is not a
/// server error as fatal: a storage account that lost the lock blob (Azurite SIGKILLed before it saved it) answers
/// <c>BlobNotFound</c>, and the host exits. Here a renewal that meets <c>404</c> or a lost lease (<c>409</c>)
/// acquires the lock again with the same lease id, which creates the blob; if another host took it meanwhile, the
/// renewal reports failure and the SDK renews sooner, and the digest claims still keep each digest to one send.
/// Storage that does not answer at all (Azurite restarting) is reported as a failed renewal too, as the SDK does for a
/// server error, where it would end the host. Every other answer is passed on unchanged.
/// </summary>
internal sealed partial class RecoveringLockManager(IDistributedLockManager inner, ILogger<RecoveringLockManager> logger) : IDistributedLockManager
{
    /// <summary>Replaces the registered <see cref="IDistributedLockManager"/> with this wrapper around it.</summary>
    public static void Decorate(IServiceCollection services) =>
        SdkServices.Decorate<IDistributedLockManager>(services, (sp, registered) => new RecoveringLockManager(registered, sp.GetRequiredService<ILogger<RecoveringLockManager>>()));

    /// <summary>The SDK's own lock manager, which this one wraps.</summary>
    internal IDistributedLockManager Inner => inner;

    public async Task<IDistributedLock> TryLockAsync(string account, string lockId, string lockOwnerId, string proposedLeaseId, TimeSpan lockPeriod, CancellationToken cancellationToken)
    {
        // Choose the lease id here, so that the lock can be taken again under the same id after a loss.
        var leaseId = proposedLeaseId ?? Guid.NewGuid().ToString();
        var handle = await inner.TryLockAsync(account, lockId, lockOwnerId, leaseId, lockPeriod, cancellationToken).ConfigureAwait(false);
        return handle is null ? null! : new Handle(account, lockId, lockOwnerId, leaseId, lockPeriod, handle);
    }

    public async Task<bool> RenewAsync(IDistributedLock lockHandle, CancellationToken cancellationToken)
    {
        var handle = (Handle)lockHandle;
        try
        {
            return await inner.RenewAsync(handle.Inner, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex))
        {
            // Storage is away (connection refused, reset or timed out): like a server error, which the SDK answers by
            // renewing sooner; it ends the host on anything else. The lease may run out meanwhile; a renewal that then
            // meets a lost lease takes the lock again below.
            LogRenewalUnreachable(logger, handle.LockId, ex.GetBaseException().Message);
            return false;
        }
        catch (Exception ex) when (LostStatus(ex) is { } status)
        {
            var again = await inner.TryLockAsync(handle.Account, handle.LockId, handle.OwnerId, handle.LeaseId, handle.Period, cancellationToken).ConfigureAwait(false);
            if (again is null)
            {
                LogLockTakenByAnother(logger, handle.LockId, status);
                return false;
            }

            handle.Inner = again;
            LogLockTakenAgain(logger, handle.LockId, status);
            return true;
        }
    }

    public async Task ReleaseLockAsync(IDistributedLock lockHandle, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ReleaseLockAsync(((Handle)lockHandle).Inner, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (LostStatus(ex) is not null)
        {
            // A lock whose blob or lease is gone is released already.
        }
    }

    public Task<string> GetLockOwnerAsync(string account, string lockId, CancellationToken cancellationToken) =>
        inner.GetLockOwnerAsync(account, lockId, cancellationToken);

    /// <summary>
    /// The answer when <paramref name="ex"/> says the blob or its lease is gone (404, or 409/412 for a lease that is
    /// not ours), else null. The SDK's lock manager is written on the older storage client, which throws
    /// <see cref="StorageException"/>; the newer one throws <see cref="RequestFailedException"/>.
    /// </summary>
    private static string? LostStatus(Exception ex) => ex switch
    {
        RequestFailedException { Status: 404 or 409 or 412 } failed => $"{failed.Status} {failed.ErrorCode}",
        StorageException { RequestInformation.HttpStatusCode: 404 or 409 or 412 } failed =>
            $"{failed.RequestInformation.HttpStatusCode} {failed.RequestInformation.ErrorCode}",
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="ex"/> says storage did not answer: <see cref="StorageFailures.IsUnavailable"/>, plus
    /// what the older storage client behind the SDK's lock manager throws for it (no answer at all, status 0).
    /// </summary>
    internal static bool Unreachable(Exception ex) => ex switch
    {
        StorageException { RequestInformation.HttpStatusCode: 0 } => true,
        StorageException storage => storage.InnerException is { } inner && Unreachable(inner),
        _ => StorageFailures.IsUnavailable(ex),
    };

    private sealed class Handle(string account, string lockId, string ownerId, string leaseId, TimeSpan period, IDistributedLock inner) : IDistributedLock
    {
        public string Account { get; } = account;

        public string LockId { get; } = lockId;

        public string OwnerId { get; } = ownerId;

        public string LeaseId { get; } = leaseId;

        public TimeSpan Period { get; } = period;

        public IDistributedLock Inner { get; set; } = inner;
    }

    [LoggerMessage(EventId = 4403, Level = LogLevel.Warning, Message = "Could not renew the singleton lock {LockId}: storage is not answering ({Reason}); renewing sooner")]
    private static partial void LogRenewalUnreachable(ILogger logger, string lockId, string reason);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning, Message = "The singleton lock {LockId} was lost by storage ({Reason}) and has been taken again")]
    private static partial void LogLockTakenAgain(ILogger logger, string lockId, string reason);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "The singleton lock {LockId} was lost by storage ({Reason}) and another host holds it now; renewing sooner")]
    private static partial void LogLockTakenByAnother(ILogger logger, string lockId, string reason);
}
