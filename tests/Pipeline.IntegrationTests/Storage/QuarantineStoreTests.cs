using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Ingestion;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class QuarantineStoreTests(AzuriteFixture azurite)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00];

    [Fact]
    public async Task QuarantineAsync_ThenListAsync_KeepsTheBytesAndTheWholeReason()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var quarantine = stores.GetRequiredService<QuarantineStore>();
        const string reason = "Not text: “PNG” image — 10 bytes; ñ survives.";

        await quarantine.QuarantineAsync("photos/a b#1.png", new MemoryStream(Png), new Rejection(RejectionCodes.Binary, reason));

        var file = Assert.Single(await quarantine.ListAsync().ToListAsync());
        Assert.Equal("photos/a b#1.png", file.Name);
        Assert.Equal(RejectionCodes.Binary, file.ReasonCode);
        Assert.Equal(reason, file.Reason);
        Assert.Equal(Png.Length, file.Size);
        Assert.NotNull(file.At);
        Assert.Equal(Png, (await quarantine.GetContentAsync("photos/a b#1.png"))!.ToArray());
    }

    [Fact]
    public async Task ListAsync_SeveralFiles_InNameOrder()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var quarantine = stores.GetRequiredService<QuarantineStore>();
        foreach (var name in new[] { "c.txt", "a.txt", "b/x.txt" })
        {
            await quarantine.QuarantineAsync(name, new MemoryStream([]), new Rejection(RejectionCodes.Empty, "empty"));
        }

        Assert.Equal(["a.txt", "b/x.txt", "c.txt"], (await quarantine.ListAsync().ToListAsync()).Select(f => f.Name));
    }

    [Fact]
    public async Task RequeueAsync_QuarantinedFile_MovesItBackToIncomingWithItsBytes()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var quarantine = stores.GetRequiredService<QuarantineStore>();
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await quarantine.QuarantineAsync("reports/annual.png", new MemoryStream(Png), new Rejection(RejectionCodes.TooLarge, "too large"));

        Assert.True(await quarantine.RequeueAsync("reports/annual.png"));

        Assert.Empty(await quarantine.ListAsync().ToListAsync());
        var back = Assert.Single(await incoming.ListAsync().ToListAsync());
        Assert.Equal("reports/annual.png", back.Name);
        Assert.Equal(Png, (await incoming.DownloadAsync(back)).ToArray());
    }

    [Fact]
    public async Task RequeueAsync_FileAlreadyInIncoming_ReplacesItWithANewVersion()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var quarantine = stores.GetRequiredService<QuarantineStore>();
        var incoming = stores.GetRequiredService<IncomingBlobs>();
        await incoming.UploadAsync("a.png", new BinaryData(Png));
        var before = (await incoming.GetAsync("a.png"))!;
        await quarantine.QuarantineAsync("a.png", new MemoryStream(Png), new Rejection(RejectionCodes.Binary, "binary"));

        Assert.True(await quarantine.RequeueAsync("a.png"));

        Assert.NotEqual(before.Version, (await incoming.GetAsync("a.png"))!.Version);
    }

    [Fact]
    public async Task RequeueAsync_NoSuchFile_ReturnsFalseAndTouchesNothing()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var quarantine = stores.GetRequiredService<QuarantineStore>();

        Assert.False(await quarantine.RequeueAsync("missing.txt"));

        Assert.Null(await quarantine.GetContentAsync("missing.txt"));
        Assert.Empty(await stores.GetRequiredService<IncomingBlobs>().ListAsync().ToListAsync());
    }
}
