using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Tests.Composition;

/// <summary>Composes the pipeline as a host does, from settings, to see what it registers and how it fails.</summary>
internal static class PipelineComposition
{
    public const string TokenKeySetting = "Email:UnsubscribeTokenKey";

    /// <summary>A valid key, set unless a test sets its own: every host needs one to sign the links in emails.</summary>
    public const string TokenKey = "composition-tests-token-key-0123456789";

    /// <summary>Starts a host with <paramref name="settings"/> and returns the validation failure it must raise.</summary>
    public static async Task<OptionsValidationException> StartWithAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        builder.Configuration[TokenKeySetting] ??= TokenKey;
        builder.Services.AddPipeline(builder.Configuration);
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    /// <summary>The services <c>AddPipeline</c> registers for <paramref name="settings"/>.</summary>
    public static ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        settings.TryAdd(TokenKeySetting, TokenKey);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPipeline(configuration).BuildServiceProvider(validateScopes: true);
    }
}
