using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>Token totals of stored summaries and their estimated cost at the configured prices.</summary>
public sealed record SummaryCosts(int Summaries, int LlmSummaries, int Fallbacks, long PromptTokens, long CompletionTokens, decimal InputPricePerMillion, decimal OutputPricePerMillion)
{
    /// <summary>Estimated spend in US dollars: tokens × price per 1M, for input and output separately.</summary>
    /// <summary>
    /// Model replies paid for and then thrown away (the summary fell back after them); expected 0. A fallback stored
    /// before the count was recorded counts once when it carries tokens.
    /// </summary>
    public int PaidRepliesDiscarded { get; init; }

    public decimal EstimatedCost => ((PromptTokens * InputPricePerMillion) + (CompletionTokens * OutputPricePerMillion)) / 1_000_000m;

    public static SummaryCosts Of(IEnumerable<SummaryDocument> summaries, decimal inputPricePerMillion, decimal outputPricePerMillion)
    {
        var list = summaries.ToList();
        return new SummaryCosts(
            list.Count,
            list.Count(s => s.Method == SummaryMethods.Llm),
            list.Count(s => s.Method == SummaryMethods.ExtractiveFallback),
            list.Sum(s => (long)(s.PromptTokens ?? 0)),
            list.Sum(s => (long)(s.CompletionTokens ?? 0)),
            inputPricePerMillion,
            outputPricePerMillion)
        {
            PaidRepliesDiscarded = list.Sum(s => s.DiscardedReplies
                ?? (s.Method == SummaryMethods.ExtractiveFallback && (s.PromptTokens ?? 0) + (s.CompletionTokens ?? 0) > 0 ? 1 : 0)),
        };
    }

    /// <summary>The prices of the configured route (Azure OpenAI, else OpenAI-compatible), else gpt-4o-mini's list prices.</summary>
    public static (decimal Input, decimal Output) PricesFrom(IConfiguration configuration)
    {
        var section = !string.IsNullOrWhiteSpace(configuration[$"{AzureOpenAIOptions.SectionName}:Endpoint"])
            ? configuration.GetSection(AzureOpenAIOptions.SectionName)
            : configuration.GetSection(OpenAICompatibleOptions.SectionName);
        return (Price(section, nameof(LlmOptions.InputPricePerMillion), 0.15m), Price(section, nameof(LlmOptions.OutputPricePerMillion), 0.60m));
    }

    private static decimal Price(IConfigurationSection section, string key, decimal fallback) =>
        decimal.TryParse(section[key], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) ? price : fallback;
}
