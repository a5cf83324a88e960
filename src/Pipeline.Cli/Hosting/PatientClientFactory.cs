using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// Gives the WebJobs SDK's own storage clients (the queue listeners', the blob trigger's, the singleton lock's)
/// retries that span storage being away for about two minutes. The SDK makes them through
/// <see cref="AzureComponentFactory"/> with the client defaults: 6 tries over about 25 s. A queue listener whose poll
/// still fails after those (connection refused, not a 5xx) throws out of its timer, and the SDK ends the process
/// (Azure/azure-webjobs-sdk#3119): Azurite restarting for 20 s took <c>up</c> down. The pipeline's own clients
/// (<see cref="Core.Storage.StorageClients"/>) are not made here; their failures fail a function run, which is retried.
/// </summary>
internal sealed class PatientClientFactory(AzureComponentFactory inner) : AzureComponentFactory
{
    /// <summary>Tries after the first: 0.8, 1.6, 3.2, 6.4, 12.8, 25.6 s, then 30 s each; about 141 s in all.</summary>
    internal const int MaxRetries = 9;

    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Wraps the factory the WebJobs SDK registered. Call after <c>AddAzureStorageCoreServices</c>.</summary>
    public static void Decorate(IServiceCollection services) =>
        SdkServices.Decorate<AzureComponentFactory>(services, (_, registered) => new PatientClientFactory(registered));

    public override object CreateClientOptions(Type optionsType, object? serviceVersion, IConfiguration configuration)
    {
        var options = inner.CreateClientOptions(optionsType, serviceVersion, configuration);
        if (options is ClientOptions client)
        {
            client.Retry.MaxRetries = MaxRetries;
            client.Retry.MaxDelay = MaxDelay;
        }

        return options;
    }

    public override TokenCredential CreateTokenCredential(IConfiguration configuration) => inner.CreateTokenCredential(configuration);

    public override object CreateClient(Type clientType, IConfiguration configuration, TokenCredential credential, object clientOptions) =>
        inner.CreateClient(clientType, configuration, credential, clientOptions);
}
