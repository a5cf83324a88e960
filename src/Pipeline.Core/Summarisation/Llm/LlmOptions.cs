using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>
/// Settings every language-model route shares: token budget, resilience and prices. Each route binds them from its
/// own section, so every validation message names the full setting (for example
/// <c>Summariser:AzureOpenAI:MaxRetries</c>).
/// </summary>
public abstract class LlmOptions : IValidatableObject
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public abstract string Section { get; }

    /// <summary>Price in US dollars per 1M input (prompt) tokens; default: gpt-4o-mini's list price, $0.15.</summary>
    public decimal InputPricePerMillion { get; set; } = 0.15m;

    /// <summary>Price in US dollars per 1M output (completion) tokens; default: gpt-4o-mini's list price, $0.60.</summary>
    public decimal OutputPricePerMillion { get; set; } = 0.60m;

    /// <summary>Optional token-bucket limit sized to the deployment's tokens-per-minute quota; 0 means no limiter.</summary>
    public int TokensPerMinute { get; set; }

    /// <summary>The most article tokens sent in one request; longer articles are summarised in chunks, then combined.</summary>
    public int ChunkTokens { get; set; } = 6000;

    /// <summary>The most chunks one article is cut into; text past <c>ChunkTokens × MaxChunks</c> is not sent.</summary>
    public int MaxChunks { get; set; } = 8;

    /// <summary>The reply's token cap (<c>max_tokens</c>). A reply is about 150-250 tokens.</summary>
    public int MaxOutputTokens { get; set; } = 400;

    /// <summary>Ask for the reply as a strict JSON schema (structured output); false asks for any JSON object.</summary>
    public bool StructuredOutput { get; set; } = true;

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one model call may take, retries and their delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long all model calls for one article may take (chunks and combine included) before it is summarised
    /// extractively; under the Functions timeout (5 minutes in host.json) so the fallback always has time to run.
    /// </summary>
    public TimeSpan ArticleTimeout { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Retries of a transient failure (429, 408, 5xx, timeout, network), after the first attempt.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay when the server sends no Retry-After; doubled each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The breaker opens when at least this share of attempts in the sampling window failed...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and the window held at least this many attempts.</summary>
    public int BreakerMinimumThroughput { get; set; } = 8;

    /// <summary>The breaker's sampling window.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the breaker stays open before it lets one trial call through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var checks = new (bool Ok, string Name, string Rule)[]
        {
            (InputPricePerMillion >= 0, nameof(InputPricePerMillion), "must not be negative"),
            (OutputPricePerMillion >= 0, nameof(OutputPricePerMillion), "must not be negative"),
            (TokensPerMinute >= 0, nameof(TokensPerMinute), "must be 0 (no limiter) or the deployment's tokens-per-minute quota"),
            (ChunkTokens is >= 200 and <= 100_000, nameof(ChunkTokens), "must be between 200 and 100000"),
            (MaxChunks is >= 1 and <= 32, nameof(MaxChunks), "must be between 1 and 32"),
            (MaxOutputTokens is >= 100 and <= 4000, nameof(MaxOutputTokens), "must be between 100 and 4000"),
            (AttemptTimeout > TimeSpan.Zero, nameof(AttemptTimeout), "must be positive (for example 00:00:30)"),
            (TotalTimeout >= AttemptTimeout, nameof(TotalTimeout), "must be at least AttemptTimeout"),
            (ArticleTimeout >= AttemptTimeout, nameof(ArticleTimeout), "must be at least AttemptTimeout"),
            (MaxRetries is >= 0 and <= 10, nameof(MaxRetries), "must be between 0 and 10"),
            (RetryBaseDelay > TimeSpan.Zero, nameof(RetryBaseDelay), "must be positive"),
            (BreakerFailureRatio is > 0 and <= 1, nameof(BreakerFailureRatio), "must be more than 0 and at most 1"),
            (BreakerMinimumThroughput >= 2, nameof(BreakerMinimumThroughput), "must be at least 2"),
            (BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(BreakerSamplingDuration), "must be at least 00:00:00.5"),
            (BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), nameof(BreakerBreakDuration), "must be at least 00:00:00.5"),
        };
        return checks.Where(c => !c.Ok).Select(c => Fail(c.Name, c.Rule)).Concat(ValidateRoute());
    }

    /// <summary>The route's own checks (endpoint, deployment or model).</summary>
    protected abstract IEnumerable<ValidationResult> ValidateRoute();

    protected ValidationResult Fail(string name, string rule) => new($"{Section}:{name} {rule}.", [name]);

    protected static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

/// <summary>Azure OpenAI, bound from <c>Summariser:AzureOpenAI</c>; used when its <c>Endpoint</c> is set.</summary>
public sealed class AzureOpenAIOptions : LlmOptions
{
    public const string SectionName = "Summariser:AzureOpenAI";

    public override string Section => SectionName;

    /// <summary>The resource endpoint, for example <c>https://my-openai.openai.azure.com/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model deployment's name.</summary>
    public string? Deployment { get; set; }

    /// <summary>An API key; when unset the client signs in with DefaultAzureCredential (managed identity in Azure).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The client id of a user-assigned managed identity; unset for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    protected override IEnumerable<ValidationResult> ValidateRoute()
    {
        if (!IsHttpUrl(Endpoint))
        {
            yield return Fail(nameof(Endpoint), "must be an absolute http(s) URL such as https://my-openai.openai.azure.com/");
        }

        if (string.IsNullOrWhiteSpace(Deployment))
        {
            yield return Fail(nameof(Deployment), "is required when Summariser:AzureOpenAI:Endpoint is set");
        }
    }
}

/// <summary>
/// Any server that speaks OpenAI's chat-completions API, bound from <c>Summariser:OpenAICompatible</c>; used when its
/// <c>BaseUrl</c> is set and no Azure OpenAI endpoint is.
/// </summary>
public sealed class OpenAICompatibleOptions : LlmOptions
{
    public const string SectionName = "Summariser:OpenAICompatible";

    public override string Section => SectionName;

    /// <summary>The API's base URL including its version segment, for example <c>http://localhost:11434/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name sent with each request.</summary>
    public string? Model { get; set; }

    /// <summary>The bearer key, when the server needs one.</summary>
    public string? ApiKey { get; set; }

    protected override IEnumerable<ValidationResult> ValidateRoute()
    {
        if (!IsHttpUrl(BaseUrl))
        {
            yield return Fail(nameof(BaseUrl), "must be an absolute http(s) URL such as http://localhost:11434/v1");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            yield return Fail(nameof(Model), "is required when Summariser:OpenAICompatible:BaseUrl is set");
        }
    }
}
