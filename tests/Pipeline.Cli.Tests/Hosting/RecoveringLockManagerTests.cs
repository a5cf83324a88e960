using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Microsoft.WindowsAzure.Storage;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Tests.Hosting;

/// <summary>Which lock-renewal failures the local host reports as "renew sooner" instead of letting the SDK end the process.</summary>
public sealed class RecoveringLockManagerTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        // Storage away: no answer at all, from either client, alone or after the new client's retries.
        { new RequestFailedException(0, "Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused", new SocketException(111))), true },
        { new StorageException(new RequestResult { HttpStatusCode = 0 }, "Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused")), true },
        { new AggregateException("Retry failed after 6 tries.", new RequestFailedException(0, "Connection refused"), new RequestFailedException(0, "Connection refused")), true },
        { new HttpRequestException("Connection refused", new SocketException(111)), true },
        { new TimeoutException("The operation has timed out."), true },

        // An answer: the lease or the blob is gone (handled by taking the lock again), or another failure the SDK should see.
        { new RequestFailedException(404, "BlobNotFound"), false },
        { new StorageException(new RequestResult { HttpStatusCode = 409 }, "LeaseIdMismatchWithLeaseOperation", null), false },
        { new AggregateException(new RequestFailedException(0, "Connection refused"), new RequestFailedException(403, "AuthorizationFailure")), false },
        { new InvalidOperationException("not a storage failure"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Unreachable_TellsStorageAwayFromAnAnswer(Exception failure, bool unreachable) =>
        Assert.Equal(unreachable, RecoveringLockManager.Unreachable(failure));
}
