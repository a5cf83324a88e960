using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core;
using Pipeline.Core.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The storage account the admin verbs talk to: the <c>AzureWebJobsStorage</c> environment variable when set,
/// otherwise Azurite on its default ports.
/// </summary>
internal static class LocalStorage
{
    public static string? ConfiguredConnection => Environment.GetEnvironmentVariable(StorageOptions.ConnectionName);

    public static IConfiguration Configuration(string connectionString) =>
        AddLayers(new ConfigurationBuilder(), new Dictionary<string, string?> { [StorageOptions.ConnectionName] = connectionString }).Build();

    /// <summary>
    /// The local hosts' configuration, lowest priority first: Core's binding defaults, environment variables, then
    /// <paramref name="settings"/> (the storage connection string, say).
    /// </summary>
    public static IConfigurationBuilder AddLayers(IConfigurationBuilder builder, IEnumerable<KeyValuePair<string, string?>> settings) =>
        builder
            .AddInMemoryCollection(BindingDefaults.All())
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings);

    /// <summary>
    /// The stores on the configured account (resolve the one you need); fails with a hint when Azurite is expected but
    /// not running.
    /// </summary>
    public static ServiceProvider Open()
    {
        var connection = ConfiguredConnection;
        if (connection is null)
        {
            if (!LocalTools.IsListening(10000))
            {
                throw new CommandLineException("Azurite is not running on 127.0.0.1:10000. Start the pipeline first: dotnet run --project src/Pipeline.Cli -- up");
            }

            connection = ConnectionStringFor(10000, 10001, 10002);
        }

        return new ServiceCollection().AddPipelineStorage(Configuration(connection)).BuildServiceProvider();
    }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Azurite.AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{Azurite.AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{Azurite.AccountName};";
}
