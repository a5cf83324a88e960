using Azure.Core;
using Azure.Core.Pipeline;

namespace Pipeline.Core.Storage;

/// <summary>The storage service a request goes to.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>
/// An extra step in the HTTP pipeline of every blob, queue and table client <see cref="StorageClients"/> makes: for
/// counting requests or injecting faults. Register one with
/// <see cref="PipelineServiceCollectionExtensions.AddStoragePolicy"/>; with none registered the clients are the SDK's
/// defaults. <see cref="HttpPipelinePosition.PerRetry"/> sees every attempt, inside the SDK's retry policy (what a
/// fault injector wants, so that the retries meet the faults); <see cref="HttpPipelinePosition.PerCall"/> sees each
/// call once, outside it.
/// </summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position = HttpPipelinePosition.PerRetry)
{
    /// <summary>The <see cref="HttpMessage"/> property that holds the <see cref="StorageService"/> of a request.</summary>
    public const string ServiceProperty = "Pipeline.StorageService";

    /// <summary>The service <paramref name="message"/> goes to, when the client was made with policies.</summary>
    public static StorageService? ServiceOf(HttpMessage message) =>
        message.TryGetProperty(ServiceProperty, out var value) && value is StorageService service ? service : null;

    /// <summary>Adds the tag and the policies to one client's options.</summary>
    internal static T Apply<T>(T options, StorageService service, IReadOnlyList<StoragePipelinePolicy> policies)
        where T : ClientOptions
    {
        if (policies.Count == 0)
        {
            return options;
        }

        options.AddPolicy(new ServiceTag(service), HttpPipelinePosition.PerCall);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy.Policy, policy.Position);
        }

        return options;
    }

    /// <summary>Marks each request with the service its client talks to, so that later policies need not guess from the address.</summary>
    private sealed class ServiceTag(StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.SetProperty(ServiceProperty, service);
    }
}
