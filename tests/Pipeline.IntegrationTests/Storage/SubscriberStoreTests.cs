using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Digests;
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
        var alert = Assert.Single(alice.Alerts);
        Assert.Equal("\"El Salvador\" AND prison", alert.Query);
        Assert.Equal("\"El Salvador\" AND prison", alert.Name);
        Assert.Equal("hourly", alice.Frequency);
        Assert.Null(alice.LastDigestAt);
        Assert.Null(alice.CoveredUntil);
    }

    [Fact]
    public async Task UpsertAsync_SameAddressInOtherCase_AddsAnAlertAndKeepsTheOthersAndTheDigestBookkeeping()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        await SubscribeWithADigestAtNoonAsync(subscribers, "alice@example.com");

        await subscribers.UpsertAsync(" Alice@Example.com", "harbour", "weekly");

        var alice = Assert.Single(await subscribers.ListAsync());
        Assert.Equal(["ferry", "harbour"], alice.Alerts.Select(a => a.Query));
        Assert.Equal("weekly", alice.Frequency);
        Assert.Equal(Noon, alice.LastDigestAt);
        Assert.Equal(Noon, alice.CoveredUntil);
    }

    [Fact]
    public async Task AddAlertAsync_SameAlertTwice_AddsItOnce_RemoveAlertAsync_ByNameOrId_RemovesOnlyThatOne()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        var prisons = Alert.Create("Prisons", "prison -Bukele");
        var ferries = Alert.Create("Ferries", "ferry OR harbour");
        var port = Alert.Create("Port", "title:port");

        Assert.True(await subscribers.AddAlertAsync("erin@example.com", prisons));
        Assert.True(await subscribers.AddAlertAsync("erin@example.com", ferries, "hourly"));
        Assert.False(await subscribers.AddAlertAsync("erin@example.com", prisons));
        Assert.True(await subscribers.AddAlertAsync("erin@example.com", port));

        Assert.True(await subscribers.RemoveAlertAsync("erin@example.com", "Ferries"));
        Assert.True(await subscribers.RemoveAlertAsync("erin@example.com", port.Id));
        Assert.False(await subscribers.RemoveAlertAsync("erin@example.com", "Ferries"));

        var erin = Assert.Single(await subscribers.ListAsync());
        Assert.Equal([prisons], erin.Alerts);
        Assert.Equal("hourly", erin.Frequency);
    }

    [Fact]
    public async Task AddAlertAsync_ManyAtOnceForOneAddress_KeepsEveryAlert()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var subscribers = stores.GetRequiredService<SubscriberStore>();
        var alerts = Enumerable.Range(0, 8).Select(i => Alert.Create($"alert {i}", $"word{i}")).ToList();

        await Task.WhenAll(alerts.Select(a => subscribers.AddAlertAsync("frank@example.com", a)));

        Assert.Equal(alerts.Select(a => a.Id).Order(), Assert.Single(await subscribers.ListAsync()).Alerts.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task ListAsync_RowWrittenWithOneQuery_ReadsAsOneAlertNamedAfterIt_AndAddingKeepsIt()
    {
        var suffix = TestStorage.NewSuffix();
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("Subscribers" + suffix);
        await table.AddEntityAsync(new TableEntity("subscriber", Subscriber.KeyOf("gus@example.com"))
        {
            ["Email"] = "gus@example.com",
            ["Query"] = "solar council",
            ["Frequency"] = "hourly",
        });
        var subscribers = stores.GetRequiredService<SubscriberStore>();

        var gus = Assert.Single(await subscribers.ListAsync());
        Assert.Equal([Alert.Create("solar council", "solar council")], gus.Alerts);

        await subscribers.AddAlertAsync("gus@example.com", Alert.Create("Wind", "wind"));
        Assert.Equal(["solar council", "Wind"], Assert.Single(await subscribers.ListAsync()).Alerts.Select(a => a.Name));
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
