using Azure;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class IncomingBlobsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListAsync_UploadedFiles_InNameOrderWithVersionAndSize()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("nested/b c#1.md", BinaryData.FromString("# b"));
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));

        var listed = await incoming.ListAsync().ToListAsync();

        Assert.Equal(["a.txt", "nested/b c#1.md"], listed.Select(b => b.Name));
        Assert.Equal([5L, 3L], listed.Select(b => b.Size));
        Assert.All(listed, b => Assert.False(string.IsNullOrEmpty(b.Version)));
        Assert.All(listed, b => Assert.DoesNotContain('"', b.Version));
        Assert.Equal((await incoming.GetAsync("a.txt"))!.Version, listed[0].Version);
    }

    [Fact]
    public async Task UploadAsync_ExistingName_MakesANewVersion()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        var first = (await incoming.GetAsync("a.txt"))!;

        await incoming.UploadAsync("a.txt", BinaryData.FromString("second, longer"));

        var second = (await incoming.GetAsync("a.txt"))!;
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal("second, longer", (await incoming.DownloadAsync(second)).ToString());
    }

    [Fact]
    public async Task DownloadAsync_FileChangedSinceItWasRead_FailsRatherThanReadTheNewBytes()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("a.txt", BinaryData.FromString("first"));
        var first = (await incoming.GetAsync("a.txt"))!;
        await incoming.UploadAsync("a.txt", BinaryData.FromString("second"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => incoming.DownloadAsync(first));

        Assert.Equal(412, error.Status);
    }

    [Fact]
    public async Task OpenReadAsync_CurrentVersion_StreamsItsBytes()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        var bytes = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        await incoming.UploadAsync("big.bin", new BinaryData(bytes));

        await using var stream = await incoming.OpenReadAsync((await incoming.GetAsync("big.bin"))!);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task GetAsync_NoSuchFile_ReturnsNull()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);

        Assert.Null(await stores.GetRequiredService<IncomingBlobs>().GetAsync("missing.txt"));
    }

    [Fact]
    public async Task DropAsync_SameBytesTwice_UploadsOnceAndKeepsTheVersion()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();

        Assert.True(await incoming.DropAsync("seed.txt", BinaryData.FromString("Ferry fares frozen")));
        var version = (await incoming.GetAsync("seed.txt"))!.Version;
        Assert.False(await incoming.DropAsync("seed.txt", BinaryData.FromString("Ferry fares frozen")));

        Assert.Equal(version, (await incoming.GetAsync("seed.txt"))!.Version);
        Assert.True(await incoming.DropAsync("seed.txt", BinaryData.FromString("Ferry fares rise")));
        Assert.NotEqual(version, (await incoming.GetAsync("seed.txt"))!.Version);
    }

    [Fact]
    public async Task UriOf_NameWithSpacesAndHash_IsTheEscapedAddressInTheContainer()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();

        var uri = incoming.UriOf("nested/b c#1.md");

        Assert.Equal(incoming.Uri.AbsoluteUri + "/nested/b%20c%231.md", uri.AbsoluteUri);
        Assert.EndsWith("/" + incoming.ContainerName, incoming.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("devstoreaccount1", incoming.AccountName);
    }

    [Fact]
    public async Task OldestWaitingAnnouncementAsync_NoQueue_None_ThenTheHeadMessagesInsertionTime_AndNoneOnceTaken()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        var hostId = "grace-" + TestStorage.NewSuffix();
        Assert.Null(await incoming.OldestWaitingAnnouncementAsync(hostId));

        // The blob extension writes its messages in Base64, as every queue client of both hosts does.
        var queue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, IncomingBlobs.TriggerQueuePrefix + hostId, StorageClients.QueueOptions);
        await queue.CreateAsync();
        var first = await queue.SendMessageAsync("{\"BlobName\":\"a.txt\"}");
        await Task.Delay(1100);
        await queue.SendMessageAsync("{\"BlobName\":\"b.txt\"}");

        Assert.Equal(first.Value.InsertionTime, await incoming.OldestWaitingAnnouncementAsync(hostId));

        // Taken by a trigger (invisible while it works): no longer waiting.
        await queue.ReceiveMessagesAsync(2, TimeSpan.FromMinutes(1));
        Assert.Null(await incoming.OldestWaitingAnnouncementAsync(hostId));
    }
}
