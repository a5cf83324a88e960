using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Pipeline.Local;

namespace Pipeline.IntegrationTests.Local;

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

    private static BlobChangeFeed Feed(IServiceProvider stores, IBlobEventSink sink) =>
        new(stores.GetRequiredService<IncomingBlobs>(), stores.GetRequiredService<AnnouncedBlobs>(), sink, TimeProvider.System, NullLogger<BlobChangeFeed>.Instance);

    [Fact]
    public async Task PollOnce_EachNewBlobVersion_AnnouncedExactlyOnce_AcrossRestarts()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        var sink = new RecordingSink();
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        await incoming.UploadAsync("nested/b c#1.md", BinaryData.FromString("# b"));

        Assert.Equal(2, await Feed(store, sink).PollOnceAsync());
        Assert.Equal(0, await Feed(store, sink).PollOnceAsync());

        await incoming.UploadAsync("a.txt", BinaryData.FromString("second"));
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
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        var sink = new RecordingSink();
        await incoming.UploadAsync("nested/b c#1.md", BinaryData.FromString("# Heading\n\nText."));
        var uploaded = (await incoming.GetAsync("nested/b c#1.md"))!;

        await Feed(store, sink).PollOnceAsync();

        var e = Assert.Single(sink.Events);
        Assert.Equal("Microsoft.Storage.BlobCreated", e.GetProperty("eventType").GetString());
        Assert.Equal($"/blobServices/default/containers/{incoming.ContainerName}/blobs/nested/b c#1.md", e.GetProperty("subject").GetString());
        Assert.True(Guid.TryParse(e.GetProperty("id").GetString(), out _));
        var data = e.GetProperty("data");
        Assert.Equal(uploaded.ETag.ToString()!.Trim('"'), data.GetProperty("eTag").GetString());
        Assert.Equal("BlockBlob", data.GetProperty("blobType").GetString());
        Assert.Equal(incoming.UriOf("nested/b c#1.md").AbsoluteUri, data.GetProperty("url").GetString());
        Assert.EndsWith($"/{incoming.ContainerName}/nested/b%20c%231.md", data.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(16, data.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task PollOnce_ContainerLargerThanOnePoll_SweptPartByPartAndEveryVersionFoundOnce()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        var sink = new RecordingSink();
        for (var i = 0; i < 25; i++)
        {
            await incoming.UploadAsync($"b/{i:D2}.txt", BinaryData.FromString($"file {i}"));
        }

        // Pages of 5 names, 2 pages a poll: 10, 10 and the last 5, then the sweep starts again and finds nothing new.
        var feed = new BlobChangeFeed(store.GetRequiredService<IncomingBlobs>(), store.GetRequiredService<AnnouncedBlobs>(), sink, TimeProvider.System, NullLogger<BlobChangeFeed>.Instance, pageSize: 5, pagesPerPoll: 2);
        var counts = new List<int>();
        for (var poll = 0; poll < 6; poll++)
        {
            counts.Add(await feed.PollOnceAsync());
        }

        Assert.Equal([10, 10, 5, 0, 0, 0], counts);

        // A file behind the cursor (its name sorts first) and a new version of one ahead of it: each found within one sweep.
        await incoming.UploadAsync("a/new.txt", BinaryData.FromString("new"));
        await incoming.UploadAsync("b/24.txt", BinaryData.FromString("file 24, corrected"));
        var found = 0;
        for (var poll = 0; poll < 3; poll++)
        {
            found += await feed.PollOnceAsync();
        }

        Assert.Equal(2, found);
        var subjects = sink.Events.Select(e => e.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(27, subjects.Count);
        Assert.Equal(26, subjects.Distinct().Count());
    }

    [Fact]
    public async Task PollOnce_StorageForgotTheAnnouncements_AnnouncesThemAgainOnceTheRecordIsOld()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        var sink = new RecordingSink();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var feed = new BlobChangeFeed(incoming, store.GetRequiredService<AnnouncedBlobs>(), sink, time, NullLogger<BlobChangeFeed>.Instance);
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        await incoming.UploadAsync("b.txt", BinaryData.FromString("second"));
        Assert.Equal(2, await feed.PollOnceAsync());

        // Storage loses the record's rows (an Azurite killed before its save); the feed's memory still has them.
        var announced = store.GetRequiredService<AnnouncedBlobs>();
        await foreach (var row in announced.ReadAllAsync())
        {
            await announced.ForgetAsync(row);
        }

        Assert.Equal(0, await feed.PollOnceAsync());
        time.Advance(BlobChangeFeed.RecordMaxAge + TimeSpan.FromSeconds(1));

        Assert.Equal(2, await feed.PollOnceAsync());
        Assert.Equal(0, await feed.PollOnceAsync());
        Assert.Equal(4, sink.Events.Count);
    }

    [Fact]
    public async Task Run_ReloadDuringTheLongPauseAfterAPoll_PollsAgainAtOnceAndAnnouncesTheForgottenVersion()
    {
        using var store = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = store.GetRequiredService<IncomingBlobs>();
        var announced = store.GetRequiredService<AnnouncedBlobs>();
        var sink = new RecordingSink();
        var feed = Feed(store, sink);
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        using var stop = new CancellationTokenSource();

        // An hour between polls: the pause after a poll that waited through an outage is long too.
        var running = feed.RunAsync(TimeSpan.FromHours(1), stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(sink.Events.Count == 1), TimeSpan.FromSeconds(30), "the first poll's announcement");

        // The reconciler forgets the announcement (the blob was never ingested) and asks the feed to announce it again.
        await foreach (var row in announced.ReadAllAsync())
        {
            await announced.ForgetAsync(row);
        }

        feed.Reload();
        await Eventually.HoldsAsync(() => Task.FromResult(sink.Events.Count == 2), TimeSpan.FromSeconds(30), "the version announced again");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
