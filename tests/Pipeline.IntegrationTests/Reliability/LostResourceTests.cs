using Microsoft.Extensions.Options;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// Storage that loses the pipeline's own tables, queues and containers under a running host (an Azurite SIGKILL
/// before its save, an operator's mistake): the host creates them again by itself, and work goes on.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class LostResourceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Host_TablesAndQueuesDeletedUnderIt_RecreatesThemAndTheNextFileIsIngestedAndSummarised()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        var incoming = host.Get<IncomingBlobs>();
        await incoming.UploadAsync("before.txt", BinaryData.FromString("Harbour wall repaired\n\nThe harbour wall was repaired after the storm, the port authority said on Monday."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var names = host.Get<IOptions<StorageOptions>>().Value;
        var clients = host.Get<StorageClients>();
        await clients.Tables.DeleteTableAsync(names.IngestionsTable);
        await clients.Tables.DeleteTableAsync(names.SubscribersTable);
        await clients.Queues.DeleteQueueAsync(names.SummariseQueue);
        await clients.Queues.DeleteQueueAsync(names.DigestsQueue);

        await incoming.UploadAsync("after.txt", BinaryData.FromString("Ferry timetable changed\n\nThe winter ferry timetable starts next week with two fewer sailings a day, the operator said."));
        var progress = await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        // The new file went the whole way: its ledger row (a lost table), its summarise message (a lost queue), its summary.
        Assert.Equal(2, progress.Summarised);
        Assert.Contains((await host.Get<IngestionLedger>().ListAsync()).Values, record => record.BlobName == "after.txt");
        foreach (var table in new[] { names.IngestionsTable, names.SubscribersTable })
        {
            var found = false;
            await foreach (var item in clients.Tables.QueryAsync(t => t.Name == table))
            {
                found = true;
            }

            Assert.True(found, $"table {table} created again");
        }

        Assert.True((await clients.Queues.GetQueueClient(names.DigestsQueue).ExistsAsync()).Value);
    }
}
