using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class StorageProvisionerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnsureCreatedAsync_AgainOnStorageInUse_KeepsWhatIsStored()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        await stores.GetRequiredService<SubscriberStore>().UpsertAsync("alice@example.com", "ferry", "daily");
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync("a.txt", BinaryData.FromString("first"));

        await stores.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();

        Assert.Single(await stores.GetRequiredService<SubscriberStore>().ListAsync());
        Assert.Single(await stores.GetRequiredService<IncomingBlobs>().ListAsync().ToListAsync());
    }

    [Fact]
    public async Task EnsureCreatedAsync_FreshAccount_CreatesWhatEveryStoreNeeds()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);

        Assert.Equal(0, await stores.GetRequiredService<ArticleStore>().CountAsync());
        Assert.Empty(await stores.GetRequiredService<SummaryStore>().ListIdsAsync());
        Assert.Empty(await stores.GetRequiredService<SummaryStore>().ListSinceAsync(DateTimeOffset.MinValue));
        Assert.Equal(0, await stores.GetRequiredService<SummariseQueue>().CountAsync());
        Assert.Empty(await stores.GetRequiredService<QuarantineStore>().ListAsync().ToListAsync());
        Assert.Empty(await stores.GetRequiredService<IngestionLedger>().ListAsync());
        Assert.Empty(await stores.GetRequiredService<SubscriberStore>().ListAsync());
        Assert.Empty(await stores.GetRequiredService<DeliveryLedger>().ListAsync());
        Assert.Empty(await stores.GetRequiredService<AnnouncedBlobs>().ListAsync());
        Assert.Empty(await stores.GetRequiredService<IncomingBlobs>().ListAsync().ToListAsync());
    }
}
