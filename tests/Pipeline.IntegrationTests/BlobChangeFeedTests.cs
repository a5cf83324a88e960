using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

[Collection(PipelineCollection.Name)]
public sealed class BlobChangeFeedTests(AzuriteFixture azurite)
{
    private sealed class RecordingSink : IBlobEventSink
    {
        public List<JsonElement> Events { get; } = [];

        public Task DeliverAsync(string eventsJson, CancellationToken cancellationToken = default)
        {
            Events.AddRange(JsonDocument.Parse(eventsJson).RootElement.EnumerateArray().Select(e => e.Clone()));
            return Task.CompletedTask;
        }
    }

    private PipelineStore NewStore()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var names = new StorageOptions { IncomingContainer = "feed-" + suffix, AnnouncedBlobsTable = "Announced" + suffix };
        return new PipelineStore(StorageClients.FromConnectionString(azurite.ConnectionString), Options.Create(names));
    }

    private static BlobChangeFeed Feed(PipelineStore store, IBlobEventSink sink) =>
        new(store, sink, TimeProvider.System, NullLogger<BlobChangeFeed>.Instance);

    [Fact]
    public async Task PollOnce_EachNewBlobVersion_AnnouncedExactlyOnce_AcrossRestarts()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        var sink = new RecordingSink();
        await store.Incoming.GetBlobClient("a.txt").UploadAsync(BinaryData.FromString("first"));
        await store.Incoming.GetBlobClient("nested/b c#1.md").UploadAsync(BinaryData.FromString("# b"));

        Assert.Equal(2, await Feed(store, sink).PollOnceAsync());
        Assert.Equal(0, await Feed(store, sink).PollOnceAsync());

        await store.Incoming.GetBlobClient("a.txt").UploadAsync(BinaryData.FromString("second"), overwrite: true);
        var restarted = Feed(store, sink);
        Assert.Equal(1, await restarted.PollOnceAsync());
        Assert.Equal(0, await restarted.PollOnceAsync());

        Assert.Equal(3, sink.Events.Count);
        Assert.Equal(2, sink.Events.Count(e => e.GetProperty("subject").GetString()!.EndsWith("/blobs/a.txt", StringComparison.Ordinal)));
        var etags = sink.Events.Select(e => e.GetProperty("data").GetProperty("eTag").GetString()).ToList();
        Assert.Equal(3, etags.Distinct().Count());
    }

    [Fact]
    public async Task PollOnce_Event_IsAWellFormedBlobCreatedEvent()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        var sink = new RecordingSink();
        var blob = store.Incoming.GetBlobClient("nested/b c#1.md");
        var uploaded = await blob.UploadAsync(BinaryData.FromString("# Heading\n\nText."));

        await Feed(store, sink).PollOnceAsync();

        var e = Assert.Single(sink.Events);
        Assert.Equal("Microsoft.Storage.BlobCreated", e.GetProperty("eventType").GetString());
        Assert.Equal($"/blobServices/default/containers/{store.Names.IncomingContainer}/blobs/nested/b c#1.md", e.GetProperty("subject").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("id").GetString(), out _));
        var data = e.GetProperty("data");
        Assert.Equal(uploaded.Value.ETag.ToString().Trim('"'), data.GetProperty("eTag").GetString());
        Assert.Equal("BlockBlob", data.GetProperty("blobType").GetString());
        Assert.Equal(blob.Uri.AbsoluteUri, data.GetProperty("url").GetString());
        Assert.Equal(16, data.GetProperty("contentLength").GetInt64());
    }
}
