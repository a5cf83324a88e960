using System.Net.Sockets;
using Azure;

namespace Pipeline.Core.Reliability;

/// <summary>Which exceptions mean "storage did not answer", as opposed to a bug.</summary>
public static class StorageFailures
{
    /// <summary>
    /// True for what the storage clients throw when the service is down or slow: a failed request, a timeout, a
    /// refused connection, or the retry policy's <see cref="AggregateException"/> of those.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        TimeoutException or HttpRequestException or SocketException or IOException { InnerException: SocketException } => true,
        // The HTTP pipeline's own timeout surfaces as a cancellation nobody asked for; the caller checks its token.
        TaskCanceledException => true,
        _ => false,
    };

    /// <summary>A one-line description, without a stack trace.</summary>
    public static string Describe(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? Describe(aggregate.InnerExceptions[^1])
            : $"{exception.GetType().Name}: {exception.Message.Split('\n')[0].Trim()}";
}
