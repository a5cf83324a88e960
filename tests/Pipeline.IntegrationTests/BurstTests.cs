using System.Diagnostics.Metrics;
using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

[Collection(BurstCollection.Name)]
public sealed class BurstTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ThousandArticles_DroppedAtOnce_AreEachParsedAndSummarisedExactlyOnce()
    {
        const int count = 1000;
        long parsed = 0;
        long summarised = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument == PipelineTelemetry.ArticlesParsed)
            {
                Interlocked.Add(ref parsed, value);
            }
            else if (instrument == PipelineTelemetry.ArticlesSummarised)
            {
                Interlocked.Add(ref summarised, value);
            }
        });
        listener.Start();

        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            await host.Get<IncomingBlobs>().UploadAsync($"burst/{i:D4}.txt", BinaryData.FromString(
                $"Bulletin number {i}\n\nCouncil bulletin {i} reports that road {i} will close for repairs on day {i % 28 + 1}. " +
                $"Diversions will be signposted and buses on route {i % 40} will be delayed. Residents can ask questions at meeting {i}."), ct));

        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(count, progress.Incoming);
        Assert.Equal(count, progress.Ingested);
        Assert.Equal(count, progress.Articles);
        Assert.Equal(count, progress.Summarised);
        Assert.Equal(0, progress.Quarantined);
        Assert.Equal(0, progress.FailedBlobs + progress.FailedSummaries);
        Assert.Equal(count, Interlocked.Read(ref parsed));
        Assert.Equal(count, Interlocked.Read(ref summarised));
        Assert.Equal(count, await host.Get<ArticleStore>().CountAsync());
    }
}
