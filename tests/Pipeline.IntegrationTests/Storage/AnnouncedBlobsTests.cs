using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class AnnouncedBlobsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RecordAsync_ManyVersions_ListAsyncReturnsEachNameWithItsVersion()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var announced = stores.GetRequiredService<AnnouncedBlobs>();
        // More than one transaction's worth, spread over many partitions, with names a table key cannot hold as is.
        var blobs = Enumerable.Range(0, 250).Select(i => ($"news/{i:D3} #{i}?.txt", $"0x8DC{i:X4}")).ToList();

        await announced.RecordAsync(blobs);

        var listed = await announced.ListAsync();
        Assert.Equal(blobs.Count, listed.Count);
        Assert.All(blobs, b => Assert.Equal(b.Item2, listed[b.Item1]));
    }

    [Fact]
    public async Task RecordAsync_NewVersionOfAnAnnouncedBlob_ReplacesTheOldOne()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var announced = stores.GetRequiredService<AnnouncedBlobs>();
        await announced.RecordAsync([("a.txt", "0x1"), ("b.txt", "0x1")]);

        await announced.RecordAsync([("a.txt", "0x2")]);

        Assert.Equal(new Dictionary<string, string> { ["a.txt"] = "0x2", ["b.txt"] = "0x1" }, await announced.ListAsync());
    }

    [Fact]
    public async Task ListAsync_NothingAnnounced_IsEmpty()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);

        Assert.Empty(await stores.GetRequiredService<AnnouncedBlobs>().ListAsync());
    }
}
