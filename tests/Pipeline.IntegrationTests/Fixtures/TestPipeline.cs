using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>Starts the local host against a test's own containers, queue and tables (Guid-suffixed names).</summary>
internal static class TestPipeline
{
    /// <summary>The key that signs the links in the tests' emails (<c>Email:UnsubscribeTokenKey</c>).</summary>
    public const string TokenKey = "integration-tests-token-key-0123456789abcdef";

    /// <param name="suffix">Names the test's storage; pass the same one to a second host to reuse what the first stored.</param>
    /// <param name="services">Adds to or replaces the host's services after the pipeline's own: a storage policy, or a <c>FakeTimeProvider</c> for the <c>TimeProvider</c>.</param>
    public static async Task<LocalPipelineHost> StartAsync(string connectionString, IDictionary<string, string?>? extra = null, string? suffix = null, Action<IServiceCollection>? services = null)
    {
        suffix ??= TestStorage.NewSuffix();
        var settings = TestStorage.Settings(connectionString, suffix);
        settings[LocalPipelineHost.HostIdSetting] = "test-" + suffix;
        // Tests run digest passes themselves; the timer should not fire during a test.
        settings["DigestSchedule"] = "0 0 0 1 1 *";
        settings["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "pipeline-outbox-" + suffix);
        // Digests carry signed unsubscribe and manage links; a test key (32 characters at least) signs them.
        settings["Email:UnsubscribeTokenKey"] = TokenKey;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = LocalPipelineHost.Create(settings, log => log.SetMinimumLevel(LogLevel.Warning), services);
        await host.StartAsync(TimeSpan.FromMilliseconds(200));
        return host;
    }
}
