using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

/// <summary>Pending and confirmed subscribers in the subscribers table and its schedule index, on Azurite.</summary>
[Collection(StorageCollection.Name)]
public sealed class SubscriberConsentTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private async Task<(ServiceProvider Stores, SubscriberStore Subscribers, string Suffix)> CreateAsync()
    {
        var suffix = TestStorage.NewSuffix();
        var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        var subscribers = new SubscriberStore(stores.GetRequiredService<StorageClients>(), stores.GetRequiredService<IOptions<StorageOptions>>(), _time);
        return (stores, subscribers, suffix);
    }

    [Fact]
    public async Task Pending_IsNotScheduledNorBackfilled_UntilConfirmed_ThenScheduledOnce()
    {
        var (stores, subscribers, _) = await CreateAsync();
        using var _ = stores;
        var key = Subscriber.KeyOf("pat@example.com");

        Assert.Equal(PendingSignup.Created, await subscribers.AddPendingAsync("pat@example.com", Alert.Create(null, "ferry"), "daily"));
        Assert.Equal(PendingSignup.StillPending, await subscribers.AddPendingAsync("pat@example.com", Alert.Create(null, "harbour"), "hourly"));

        var pending = (await subscribers.GetAsync(key))!;
        Assert.Equal(Subscriber.Pending, pending.Status);
        Assert.Equal(["ferry", "harbour"], pending.Alerts.Select(a => a.Query));
        Assert.Equal("hourly", pending.Frequency);
        Assert.Equal(0, await subscribers.EnsureScheduledAsync());
        Assert.Empty(await subscribers.ListDueAsync(_time.GetUtcNow().AddDays(30)));

        Assert.Equal(ConfirmOutcome.Confirmed, await subscribers.ConfirmAsync(key));
        Assert.Equal(ConfirmOutcome.AlreadyConfirmed, await subscribers.ConfirmAsync(key));

        Assert.Equal(key, Assert.Single(await subscribers.ListDueAsync(_time.GetUtcNow())).Key);
        Assert.True((await subscribers.GetAsync(key))!.IsConfirmed);
        Assert.Equal(PendingSignup.AlreadyConfirmed, await subscribers.AddPendingAsync("pat@example.com", Alert.Create(null, "telescope"), "weekly"));
        Assert.Equal("hourly", (await subscribers.GetAsync(key))!.Frequency);
        Assert.Equal(ConfirmOutcome.NotFound, await subscribers.ConfirmAsync("nobody"));
    }

    [Fact]
    public async Task RowWithoutStatus_ReadsAsConfirmed_AndIsBackfilled_WhileAPendingOneIsNot()
    {
        var (stores, subscribers, suffix) = await CreateAsync();
        using var _ = stores;
        var table = new TableClient(azurite.ConnectionString, "Subscribers" + suffix);
        await table.AddEntityAsync(new TableEntity("subscriber", Subscriber.KeyOf("old@example.com")) { ["Email"] = "old@example.com", ["Query"] = "ferry", ["Frequency"] = "daily" });
        await subscribers.AddPendingAsync("new@example.com", Alert.Create(null, "ferry"), "daily");

        var old = (await subscribers.GetAsync(Subscriber.KeyOf("old@example.com")))!;
        Assert.Equal(Subscriber.Confirmed, old.Status);
        Assert.Equal(1, await subscribers.EnsureScheduledAsync());
        Assert.Equal(old.Key, Assert.Single(await subscribers.ListDueAsync(_time.GetUtcNow())).Key);
    }

    [Fact]
    public async Task ConfirmationRecords_AtMostThreePerDayPerAddress_ThenAgainAfterADay()
    {
        var (stores, subscribers, _) = await CreateAsync();
        using var _ = stores;
        await subscribers.AddPendingAsync("eve@example.com", Alert.Create(null, "ferry"), "daily");
        var key = Subscriber.KeyOf("eve@example.com");
        var day = TimeSpan.FromHours(24);

        var first = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await subscribers.TryRecordConfirmationAsync(key, 3, day));
            _time.Advance(TimeSpan.FromHours(1));
        }

        _time.Advance(TimeSpan.FromHours(21));
        var nextDay = await subscribers.TryRecordConfirmationAsync(key, 3, day);

        Assert.Equal([true, true, true, false], first);
        Assert.True(nextDay);
        Assert.False(await subscribers.TryRecordConfirmationAsync("nobody", 3, day));
    }

    [Fact]
    public async Task OperatorAddingAnAlert_ConfirmsAPendingSubscriberAndSchedulesThem()
    {
        var (stores, subscribers, _) = await CreateAsync();
        using var _ = stores;
        await subscribers.AddPendingAsync("op@example.com", Alert.Create(null, "ferry"), "daily");

        await subscribers.AddAlertAsync("op@example.com", Alert.Create(null, "ferry"));

        var subscriber = (await subscribers.GetAsync(Subscriber.KeyOf("op@example.com")))!;
        Assert.True(subscriber.IsConfirmed);
        Assert.Single(await subscribers.ListDueAsync(_time.GetUtcNow()));
    }
}
