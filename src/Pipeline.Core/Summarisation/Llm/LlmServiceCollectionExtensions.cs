using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>Chooses the summariser, once, from configuration: Azure OpenAI, an OpenAI-compatible server, or extractive.</summary>
public static class LlmServiceCollectionExtensions
{
    public static IServiceCollection AddSummariser(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new ExtractiveSummariser(sp.GetRequiredService<IOptions<SummariserOptions>>().Value));
        if (!string.IsNullOrWhiteSpace(configuration[$"{AzureOpenAIOptions.SectionName}:{nameof(AzureOpenAIOptions.Endpoint)}"]))
        {
            services.AddOptions<AzureOpenAIOptions>().Bind(configuration.GetSection(AzureOpenAIOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<ISummariser>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<AzureOpenAIOptions>>().Value;
                return Create(sp, AzureChatClient(options), options.Deployment!, options);
            });
        }
        else if (!string.IsNullOrWhiteSpace(configuration[$"{OpenAICompatibleOptions.SectionName}:{nameof(OpenAICompatibleOptions.BaseUrl)}"]))
        {
            services.AddOptions<OpenAICompatibleOptions>().Bind(configuration.GetSection(OpenAICompatibleOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            services.TryAddSingleton<ISummariser>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<OpenAICompatibleOptions>>().Value;
                return Create(sp, CompatibleChatClient(options), options.Model!, options);
            });
        }
        else
        {
            services.TryAddSingleton<ISummariser>(sp => sp.GetRequiredService<ExtractiveSummariser>());
        }

        return services;
    }

    /// <summary>An Azure OpenAI chat client with the SDK's retries off (Polly owns them), signed in by key or managed identity.</summary>
    public static ChatClient AzureChatClient(AzureOpenAIOptions options)
    {
        var clientOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = options.TotalTimeout };
        var endpoint = new Uri(options.Endpoint!);
        var client = string.IsNullOrWhiteSpace(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId }), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
        return client.GetChatClient(options.Deployment);
    }

    /// <summary>An OpenAI chat client pointed at <see cref="OpenAICompatibleOptions.BaseUrl"/>, SDK retries off.</summary>
    public static ChatClient CompatibleChatClient(OpenAICompatibleOptions options)
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = new Uri(options.BaseUrl!), RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = options.TotalTimeout };
        // Local servers often need no key, but the client needs a non-empty credential.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.Model);
    }

    private static LlmSummariser Create(IServiceProvider services, ChatClient chat, string model, LlmOptions options) => new(
        chat,
        model,
        options,
        services.GetRequiredService<ExtractiveSummariser>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<LlmSummariser>>());
}
