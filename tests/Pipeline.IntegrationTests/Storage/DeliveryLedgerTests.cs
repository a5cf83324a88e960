using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Storage;

[Collection(StorageCollection.Name)]
public sealed class DeliveryLedgerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Subscriber Alice = new(Subscriber.KeyOf("alice@example.com"), "alice@example.com", [Alert.Create(null, "ferry")], "daily", null, null);

    private static readonly Subscriber Bob = new(Subscriber.KeyOf("bob@example.com"), "bob@example.com", [Alert.Create(null, "ferry")], "daily", null, null);

    [Fact]
    public async Task ClaimAsync_ManyPassesAtOnce_ExactlyOneClaims_OthersSeeItInProgressUntilTheLeaseEnds()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.ClaimAsync(Alice, "d1", ["a1", "a2"], Noon)));

        Assert.Single(claims, c => c == DigestClaim.Claimed);
        Assert.All(claims.Where(c => c != DigestClaim.Claimed), c => Assert.Equal(DigestClaim.InProgress, c));
        Assert.Equal(DigestClaim.Interrupted, await ledger.ClaimAsync(Alice, "d1", ["a1", "a2"], Noon + DeliveryLedger.SendingLease));
    }

    [Fact]
    public async Task ClaimAsync_DigestSentBefore_ReturnsAlreadySent()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        await ledger.ClaimAsync(Alice, "d1", ["a1"], Noon);
        await ledger.CompleteAsync(Alice, "d1", ["a1"], DeliveryStatus.Sent, Noon.AddSeconds(1));

        Assert.Equal(DigestClaim.AlreadySent, await ledger.ClaimAsync(Alice, "d1", ["a1"], Noon.AddHours(1)));
        Assert.Equal(DigestClaim.Claimed, await ledger.ClaimAsync(Bob, "d1", ["a1"], Noon.AddHours(1)));
    }

    [Fact]
    public async Task ReleaseClaimAsync_AfterAFailedSend_LetsTheNextPassClaimAgain()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        await ledger.ClaimAsync(Alice, "d1", ["a1"], Noon);

        await ledger.ReleaseClaimAsync(Alice, "d1");

        Assert.Empty(await ledger.ListAsync());
        Assert.Equal(DigestClaim.Claimed, await ledger.ClaimAsync(Alice, "d1", ["a1"], Noon.AddMinutes(15)));
    }

    [Fact]
    public async Task CompleteAsync_MoreArticlesThanOneTransactionHolds_MarksEveryArticleDeliveredToThatSubscriberOnly()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        var ids = Enumerable.Range(0, 150).Select(i => $"a{i:D3}").ToList();
        await ledger.ClaimAsync(Alice, "d1", ids, Noon);

        await ledger.CompleteAsync(Alice, "d1", ids, DeliveryStatus.Sent, Noon.AddSeconds(1));

        Assert.Equal(ids, (await ledger.ListDeliveredArticleIdsAsync(Alice)).Order(StringComparer.Ordinal));
        Assert.Empty(await ledger.ListDeliveredArticleIdsAsync(Bob));
        var digest = Assert.Single(await ledger.ListAsync());
        Assert.Equal(("alice@example.com", "d1", DeliveryStatus.Sent), (digest.Email, digest.DigestId, digest.Status));
        Assert.Equal(ids, digest.ArticleIds);
        Assert.Equal(Noon.AddSeconds(1), digest.At);
    }

    [Fact]
    public async Task ListAsync_SentAndInterruptedDigests_NewestFirstWithTheirStatus()
    {
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString);
        var ledger = stores.GetRequiredService<DeliveryLedger>();
        await ledger.ClaimAsync(Alice, "old", ["a1"], Noon);
        await ledger.CompleteAsync(Alice, "old", ["a1"], DeliveryStatus.Sent, Noon);
        await ledger.ClaimAsync(Bob, "claimed", ["a2"], Noon.AddHours(2));
        await ledger.ClaimAsync(Alice, "new", ["a3"], Noon.AddHours(1));
        await ledger.CompleteAsync(Alice, "new", ["a3"], DeliveryStatus.Unconfirmed, Noon.AddHours(1));

        var digests = await ledger.ListAsync();

        Assert.Equal(["claimed", "new", "old"], digests.Select(d => d.DigestId));
        Assert.Equal([DeliveryStatus.Sending, DeliveryStatus.Unconfirmed, DeliveryStatus.Sent], digests.Select(d => d.Status));
    }
}
