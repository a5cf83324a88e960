using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class SubscriberStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpsertAsync_NewAddress_IsListedWithQueryAndFrequency()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();

        await subscribers.UpsertAsync("alice@example.com", "\"El Salvador\" AND prison", "hourly");

        var alice = Assert.Single(await subscribers.ListAsync());
        Assert.Equal("alice@example.com", alice.Email);
        Assert.Equal("\"El Salvador\" AND prison", alice.Query);
        Assert.Equal("hourly", alice.Frequency);
        Assert.Null(alice.LastDigestAt);
        Assert.Null(alice.CoveredUntil);
    }

    [Fact]
    public async Task UpsertAsync_SameAddressInOtherCase_ChangesTheQueryAndKeepsTheDigestBookkeeping()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        await SubscribeWithADigestAtNoonAsync(subscribers, "alice@example.com");

        await subscribers.UpsertAsync(" Alice@Example.com", "harbour", "weekly");

        var alice = Assert.Single(await subscribers.ListAsync());
        Assert.Equal("harbour", alice.Query);
        Assert.Equal("weekly", alice.Frequency);
        Assert.Equal(Noon, alice.LastDigestAt);
        Assert.Equal(Noon, alice.CoveredUntil);
    }

    [Fact]
    public async Task UpdateProgressAsync_WithoutADigest_MovesCoveredUntilAndKeepsLastDigestAt()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        await SubscribeWithADigestAtNoonAsync(subscribers, "bob@example.com");

        await subscribers.UpdateProgressAsync((await subscribers.ListAsync()).Single(), Noon.AddDays(1), null);

        var bob = Assert.Single(await subscribers.ListAsync());
        Assert.Equal(Noon.AddDays(1), bob.CoveredUntil);
        Assert.Equal(Noon, bob.LastDigestAt);
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissingAddress_SaysWhetherThereWasOne()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        await subscribers.UpsertAsync("carol@example.com", "ferry", "daily");
        await subscribers.UpsertAsync("dave@example.com", "ferry", "daily");

        Assert.True(await subscribers.DeleteAsync("CAROL@example.com"));
        Assert.False(await subscribers.DeleteAsync("carol@example.com"));

        Assert.Equal("dave@example.com", Assert.Single(await subscribers.ListAsync()).Email);
    }

    private static async Task SubscribeWithADigestAtNoonAsync(SubscriberStore subscribers, string email)
    {
        await subscribers.UpsertAsync(email, "ferry", "daily");
        await subscribers.UpdateProgressAsync((await subscribers.ListAsync()).Single(s => s.Email == email), Noon, Noon);
    }
}
