using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;
using Pipeline.Core.Subscriptions;

namespace Pipeline.Core;

/// <summary>Registers the whole pipeline: the one call both the Functions app and the local host make.</summary>
public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPipelineStorage(configuration);

        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SummariserOptions>().Bind(configuration.GetSection(SummariserOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DigestOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddOptions<DigestEmailOptions>().Bind(configuration.GetSection(DigestEmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp => new ArticleParser(sp.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxArticlesPerFile));
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<ArticleRecovery>();

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SummariserOptions>>().Value);
        // Chosen once, here: Azure OpenAI when Summariser:AzureOpenAI:Endpoint is set, an OpenAI-compatible server when
        // Summariser:OpenAICompatible:BaseUrl is, the extractive summariser otherwise.
        services.AddSummariser(configuration);
        services.AddSingleton<SummaryService>();

        // The delivery route is chosen once, here, from configuration: SMTP when a host is set, the outbox otherwise.
        if (string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:Smtp:Host"]))
        {
            services.TryAddSingleton<IEmailSender, OutboxEmailSender>();
        }
        else
        {
            services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.AddSingleton<SubscriptionLinks>();
        services.AddSingleton<IValidateOptions<EmailOptions>, TokenKeyValidator>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<SubscriptionEndpoints>();
        services.AddSingleton<DigestService>();
        return services;
    }

    /// <summary>
    /// Registers storage alone: the names of every container, queue and table, the clients, and one store per
    /// aggregate. <see cref="AddPipeline"/> calls it; the admin verbs, which need no summariser or mail, call it alone.
    /// </summary>
    public static IServiceCollection AddPipelineStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageClients.FromConfiguration(configuration, policies: [LostResources(sp), .. sp.GetServices<StoragePipelinePolicy>()]));
        services.TryAddSingleton<StorageProvisioner>();
        services.TryAddSingleton<IncomingBlobs>();
        services.TryAddSingleton<ArticleStore>();
        services.TryAddSingleton<SummaryStore>();
        services.TryAddSingleton<SummariseQueue>();
        services.TryAddSingleton<DigestsQueue>();
        services.TryAddSingleton<QuarantineStore>();
        services.TryAddSingleton<DigestArchive>();
        services.TryAddSingleton<IngestionLedger>();
        services.TryAddSingleton<SubscriberStore>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<AnnouncedBlobs>();
        services.TryAddSingleton<FailureLog>();
        services.TryAddSingleton<PoisonQueues>();

        // The ledger is the source of truth: the reconciler and the audit (`status --verify`) read storage alone.
        services.AddOptions<ReliabilityOptions>().Bind(configuration.GetSection(ReliabilityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Reconciler>();
        services.TryAddSingleton<StorageAudit>();
        return services;
    }

    /// <summary>Heals a lost container, queue or table (see <see cref="LostResourcePolicy"/>); outside the SDK's retries.</summary>
    private static StoragePipelinePolicy LostResources(IServiceProvider services) => new(
        new LostResourcePolicy(
            services.GetRequiredService<StorageProvisioner>,
            services.GetService<ILoggerFactory>()?.CreateLogger<LostResourcePolicy>() ?? NullLogger<LostResourcePolicy>.Instance),
        HttpPipelinePosition.PerCall);

    /// <summary>
    /// Puts <paramref name="policy"/> in the HTTP pipeline of every storage client the pipeline makes (blob, queue and
    /// table): for counting requests or injecting faults. Call it before the clients are first resolved.
    /// </summary>
    public static IServiceCollection AddStoragePolicy(this IServiceCollection services, HttpPipelinePolicy policy, HttpPipelinePosition position = HttpPipelinePosition.PerRetry)
    {
        services.AddSingleton(new StoragePipelinePolicy(policy, position));
        return services;
    }
}
