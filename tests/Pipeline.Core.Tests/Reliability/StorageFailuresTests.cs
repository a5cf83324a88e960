using System.Net.Sockets;
using Azure;
using Pipeline.Core.Reliability;

namespace Pipeline.Core.Tests.Reliability;

public sealed class StorageFailuresTests
{
    [Fact]
    public void IsUnavailable_RetriesExhaustedAgainstAStoppedAzurite_IsTrue()
    {
        // What Azure.Core throws when every retry met a refused connection or a timeout.
        var failure = new AggregateException(
            new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("refused", new SocketException(111))),
            new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:01:40."));

        Assert.True(StorageFailures.IsUnavailable(failure));
        Assert.StartsWith("TaskCanceledException: The operation was cancelled", StorageFailures.Describe(failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(408, true)]
    [InlineData(0, true)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    public void IsUnavailable_RequestFailed_OnlyForStatusesThatMeanTheServiceDidNotAnswer(int status, bool expected) =>
        Assert.Equal(expected, StorageFailures.IsUnavailable(new RequestFailedException(status, "x")));

    [Fact]
    public void IsUnavailable_ABug_IsFalse()
    {
        Assert.False(StorageFailures.IsUnavailable(new InvalidOperationException("bug")));
        Assert.False(StorageFailures.IsUnavailable(new FileNotFoundException("missing.txt")));
        Assert.False(StorageFailures.IsUnavailable(new AggregateException(new TimeoutException(), new InvalidOperationException())));
    }
}
