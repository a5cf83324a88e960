using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>A test's own containers, queue and tables on the shared Azurite: every name carries a Guid suffix.</summary>
internal static class TestStorage
{
    public static string NewSuffix() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>The storage settings of one test: the connection and a name for every container, queue and table.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string suffix) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["IncomingContainer"] = "incoming-" + suffix,
        ["ArticlesContainer"] = "articles-" + suffix,
        ["SummariesContainer"] = "summaries-" + suffix,
        ["QuarantineContainer"] = "quarantine-" + suffix,
        ["DigestsContainer"] = "digests-" + suffix,
        ["SummariseQueue"] = "summarise-" + suffix,
        ["DigestsQueue"] = "digests-" + suffix,
        ["SubscribersTable"] = "Subscribers" + suffix,
        ["SubscriberScheduleTable"] = "Schedule" + suffix,
        ["DeliveriesTable"] = "Deliveries" + suffix,
        ["IngestionsTable"] = "Ingestions" + suffix,
        ["SummaryIndexTable"] = "SummaryIndex" + suffix,
        ["AnnouncedBlobsTable"] = "Announced" + suffix,
        ["FailuresTable"] = "Failures" + suffix,
    };

    /// <summary>
    /// The settings of a child <c>pipeline up</c> in a fault test: the test's storage, its own host id and outbox, no
    /// timer-driven digest pass, and a reconciler quick enough (5 s grace, every second) to act within the test.
    /// </summary>
    public static Dictionary<string, string?> ChildHostSettings(string connectionString, string suffix, string hostIdPrefix)
    {
        var settings = Settings(connectionString, suffix);
        settings["Pipeline:HostId"] = hostIdPrefix + suffix;
        settings["DigestSchedule"] = "0 0 0 1 1 *";
        settings["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "pipeline-outbox-" + suffix);
        settings["Reliability:AnnounceGracePeriod"] = "00:00:05";
        settings["Reliability:ReconcileInterval"] = "00:00:01";
        return settings;
    }

    /// <summary>The stores (as <c>AddPipelineStorage</c> registers them) on fresh, created storage.</summary>
    public static async Task<ServiceProvider> CreateAsync(string connectionString, string? suffix = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(connectionString, suffix ?? NewSuffix())).Build();
        var stores = new ServiceCollection().AddPipelineStorage(configuration).BuildServiceProvider();
        await stores.GetRequiredService<Pipeline.Core.Storage.StorageProvisioner>().EnsureCreatedAsync();
        return stores;
    }

    /// <summary>A store (or any service) of a running local host.</summary>
    public static T Get<T>(this LocalPipelineHost host)
        where T : notnull => host.Services.GetRequiredService<T>();
}
