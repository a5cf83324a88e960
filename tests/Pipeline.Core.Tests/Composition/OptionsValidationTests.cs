using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Pipeline.Core.Tests.Composition;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task Start_InvalidContainerName_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["IncomingContainer"] = "Not_A_Container" });

        Assert.Contains("IncomingContainer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SummaryLengthOutOfRange_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Summariser:Sentences"] = "0" });

        Assert.Contains("Sentences", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadDigestSchedule_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["DigestSchedule"] = "every quarter hour" });

        Assert.Contains("DigestSchedule", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99 * * * * *")]
    [InlineData("0 */15 * * *  * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("00:15:00")]
    [InlineData(" ")]
    public async Task Start_DigestScheduleTheTimerWouldReject_FailsNamingTheSetting(string schedule)
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["DigestSchedule"] = schedule });

        Assert.Contains("DigestSchedule", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 */15 * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 7 * * 1-5")]
    public void AddPipeline_ValidDigestSchedule_Resolves(string schedule)
    {
        using var provider = PipelineComposition.Compose(new() { ["DigestSchedule"] = schedule });

        Assert.Equal(schedule, provider.GetRequiredService<IOptions<Pipeline.Core.Digests.DigestOptions>>().Value.DigestSchedule);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    public async Task Start_MaxArticlesPerAlertOutOfRange_FailsNamingTheSetting(string value)
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Digest:MaxArticlesPerAlert"] = value });

        Assert.Contains("Digest:MaxArticlesPerAlert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadSenderAddress_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Email:From"] = "not an address" });

        Assert.Contains("From", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadSmtpPort_FailsNamingTheSetting()
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Email:Smtp:Host"] = "smtp.example.com", ["Email:Smtp:Port"] = "70000" });

        Assert.Contains("Email:Smtp:Port", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public async Task Start_AnnounceGracePeriodOutOfRange_FailsNamingTheSetting(string grace)
    {
        var error = await PipelineComposition.StartWithAsync(new() { ["Reliability:AnnounceGracePeriod"] = grace });

        Assert.Contains("AnnounceGracePeriod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPipeline_DefaultSettings_Resolve()
    {
        using var provider = PipelineComposition.Compose([]);

        Assert.Equal("incoming", provider.GetRequiredService<IOptions<Pipeline.Core.Storage.StorageOptions>>().Value.IncomingContainer);
        Assert.IsType<Pipeline.Core.Delivery.OutboxEmailSender>(provider.GetRequiredService<Pipeline.Core.Delivery.IEmailSender>());
        Assert.NotNull(provider.GetRequiredService<Pipeline.Core.Digests.DigestService>());
        Assert.Equal(TimeSpan.FromMinutes(2), provider.GetRequiredService<IOptions<Pipeline.Core.Reliability.ReliabilityOptions>>().Value.AnnounceGracePeriod);
    }
}
