using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Core;
using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Core.Tests.Composition;

public sealed class LlmOptionsValidationTests
{
    [Fact]
    public async Task Start_AzureEndpointWithoutDeployment_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Summariser:AzureOpenAI:Endpoint"] = "https://my-openai.openai.azure.com/" });

        Assert.Contains("Summariser:AzureOpenAI:Deployment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AzureEndpointNotAUrl_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Summariser:AzureOpenAI:Endpoint"] = "my-openai", ["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini" });

        Assert.Contains("Summariser:AzureOpenAI:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxRetries", "11")]
    [InlineData("TokensPerMinute", "-1")]
    [InlineData("ChunkTokens", "10")]
    [InlineData("MaxOutputTokens", "20000")]
    [InlineData("InputPricePerMillion", "-0.15")]
    [InlineData("BreakerFailureRatio", "0")]
    public async Task Start_AzureSettingOutOfRange_FailsNamingTheSetting(string setting, string value)
    {
        var error = await PipelineComposition.StartWithAsync(new()
        {
            ["Summariser:AzureOpenAI:Endpoint"] = "https://my-openai.openai.azure.com/",
            ["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini",
            [$"Summariser:AzureOpenAI:{setting}"] = value,
        });

        Assert.Contains($"Summariser:AzureOpenAI:{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TotalTimeoutShorterThanAttempt_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new()
        {
            ["Summariser:AzureOpenAI:Endpoint"] = "https://my-openai.openai.azure.com/",
            ["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini",
            ["Summariser:AzureOpenAI:AttemptTimeout"] = "00:01:00",
            ["Summariser:AzureOpenAI:TotalTimeout"] = "00:00:30",
        });

        Assert.Contains("Summariser:AzureOpenAI:TotalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CompatibleBaseUrlWithoutModel_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Summariser:OpenAICompatible:BaseUrl"] = "http://localhost:11434/v1" });

        Assert.Contains("Summariser:OpenAICompatible:Model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPipeline_NoEndpoint_KeepsTheExtractiveSummariser()
    {
        using var provider = PipelineComposition.Compose([]);

        Assert.IsType<ExtractiveSummariser>(provider.GetRequiredService<ISummariser>());
    }

    [Fact]
    public void AddPipeline_AzureEndpoint_ChoosesTheLlmSummariser()
    {
        using var provider = PipelineComposition.Compose(new()
        {
            ["Summariser:AzureOpenAI:Endpoint"] = "https://my-openai.openai.azure.com/",
            ["Summariser:AzureOpenAI:Deployment"] = "gpt-4o-mini",
        });

        Assert.IsType<LlmSummariser>(provider.GetRequiredService<ISummariser>());
    }

    [Fact]
    public void AddPipeline_CompatibleBaseUrl_ChoosesTheLlmSummariser()
    {
        using var provider = PipelineComposition.Compose(new() { ["Summariser:OpenAICompatible:BaseUrl"] = "http://localhost:11434/v1", ["Summariser:OpenAICompatible:Model"] = "llama3.1" });

        Assert.IsType<LlmSummariser>(provider.GetRequiredService<ISummariser>());
    }
}
