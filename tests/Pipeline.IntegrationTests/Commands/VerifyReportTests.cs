using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Commands;
using Pipeline.Core.Reliability;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Commands;

/// <summary>What <c>status --verify</c> prints, from an audit of real storage.</summary>
[Collection(StorageCollection.Name)]
public sealed class VerifyReportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WriteJson_AnOrphanMessage_IsMachineReadableWithCountsAndTheProblem()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await stores.GetRequiredService<SummariseQueue>().EnqueueAsync("missing", "a.txt");
        var report = await stores.GetRequiredService<StorageAudit>().RunAsync();
        using var output = new StringWriter();

        await VerifyReport.WriteJsonAsync(report, output);

        var json = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.False(json.GetProperty("clean").GetBoolean());
        Assert.Equal(1, json.GetProperty("problemCount").GetInt32());
        Assert.Equal(1, json.GetProperty("counts").GetProperty("messages").GetProperty("orphan").GetInt32());
        var problem = Assert.Single(json.GetProperty("problems").EnumerateArray());
        Assert.Equal("missing", problem.GetProperty("item").GetString());
    }

    [Fact]
    public async Task Write_EmptyStorage_SaysEveryItemIsAccountedFor()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var report = await stores.GetRequiredService<StorageAudit>().RunAsync();
        using var output = new StringWriter();

        await VerifyReport.WriteAsync(report, output);

        Assert.True(report.IsClean);
        Assert.EndsWith("verify: every item is accounted for" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }
}
