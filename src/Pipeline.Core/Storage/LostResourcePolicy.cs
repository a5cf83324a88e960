using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Pipeline.Core.Storage;

/// <summary>
/// Storage that forgets what the pipeline created heals itself: when a request fails because one of the pipeline's
/// own containers, queues or tables does not exist (<c>ContainerNotFound</c>, <c>QueueNotFound</c>,
/// <c>TableNotFound</c>), all of them are created again and the request is sent once more. Other resources (a poison
/// queue nobody has needed yet) are left alone.
/// </summary>
/// <remarks>
/// Azurite keeps its queues and tables in a database it saves every few seconds, so a SIGKILL can lose the ones made
/// just before it; an operator can also delete one by mistake. Without this, every function and every reconciler pass
/// would fail until the host restarted, and queue messages would be poisoned meanwhile. It costs nothing while the
/// resources exist: it only looks at the final answer of a call (after the SDK's retries). Callers that wait on one
/// loss share one round of creation; a round that fails (storage down) is logged, and the original answer stands.
/// </remarks>
public sealed partial class LostResourcePolicy(Func<StorageProvisioner> provisioner, ILogger logger) : HttpPipelinePolicy
{
    private static readonly string[] LostCodes = ["ContainerNotFound", "QueueNotFound", "TableNotFound"];

    private readonly Lock _lock = new();
    private Task<bool>? _round;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (LostCode(message) is { } code && OwnResource(message) is { } name && await RecreateAsync(code, name, message.CancellationToken).ConfigureAwait(false))
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        // The pipeline's own calls are all asynchronous; a synchronous caller gets the plain answer.
        ProcessNext(message, pipeline);
    }

    /// <summary>The error code when <paramref name="message"/> failed for want of its container, queue or table.</summary>
    internal static string? LostCode(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 404)
        {
            return null;
        }

        if (message.Response.Headers.TryGetValue("x-ms-error-code", out var header))
        {
            return Array.Find(LostCodes, code => string.Equals(code, header, StringComparison.Ordinal));
        }

        // The table service may name the code only in the body ({"odata.error":{"code":"TableNotFound",...}}).
        return message.Response.ContentStream is { CanSeek: true } && message.Response.Content.ToString().Contains("TableNotFound", StringComparison.Ordinal)
            ? "TableNotFound"
            : null;
    }

    /// <summary>
    /// The pipeline's own container, queue or table that <paramref name="message"/> addressed, if it did: the first or
    /// second segment of the path (the second on Azurite, whose paths start with the account), without a table's
    /// <c>(keys)</c>.
    /// </summary>
    private string? OwnResource(HttpMessage message)
    {
        if (StoragePipelinePolicy.ServiceOf(message) is not { } service)
        {
            return null;
        }

        var segments = message.Request.Uri.Path.Split('/', 4, StringSplitOptions.RemoveEmptyEntries);
        var owner = provisioner();
        return segments.Take(2)
            .Select(segment => Uri.UnescapeDataString(segment.Split('(')[0]))
            .FirstOrDefault(name => owner.Owns(service, name));
    }

    private async Task<bool> RecreateAsync(string code, string name, CancellationToken cancellationToken)
    {
        Task<bool> round;
        lock (_lock)
        {
            // Requests that met the same loss join the round under way; one that meets it after a round starts its own.
            if (_round is null || _round.IsCompleted)
            {
                LogLost(logger, code, name);
                _round = RunRoundAsync();
            }

            round = _round;
        }

        return await round.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RunRoundAsync()
    {
        try
        {
            // Not the caller's token: other callers wait on this round too.
            await provisioner().EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
            LogRecreated(logger);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecreateFailed(logger, ex.GetType().Name, ex.Message.Split('\n')[0].Trim());
            return false;
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Storage answered {Code} for {Name}: it has lost a container, queue or table of the pipeline's; creating them again")]
    private static partial void LogLost(ILogger logger, string code, string name);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Created the pipeline's containers, queues and tables again; retrying the request")]
    private static partial void LogRecreated(ILogger logger);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Could not create the pipeline's containers, queues and tables again ({Error}: {Reason}); the next request that misses one tries again")]
    private static partial void LogRecreateFailed(ILogger logger, string error, string reason);
}
