using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

// The SDK marks its lock interfaces "not ready for public consumption"; the host replaces one, so the test uses them.
#pragma warning disable CS0618

/// <summary>
/// The WebJobs SDK's singleton lock (a blob lease the timer trigger holds) lost by storage under a running host, as
/// an Azurite SIGKILLed before its save loses it: the SDK's own renewal then fails with <c>BlobNotFound</c>, which
/// ends the host; the local host's lock manager takes the lock again instead.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RecoveringLockManagerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Renew_LockBlobLostByStorage_TakesTheLockAgainWhereTheSdksOwnRenewalThrows()
    {
        var (host, locks, hostsContainer) = await CreateAsync();
        await using var _ = host;
        var lockId = $"{Guid.NewGuid():N}/SendDigests.Listener";

        var handle = await locks.TryLockAsync(null!, lockId, "owner-1", null!, TimeSpan.FromSeconds(15), default);
        Assert.NotNull(handle);
        var blob = await LockBlobAsync(hostsContainer, lockId);
        Assert.Equal(LeaseState.Leased, (await blob.GetPropertiesAsync()).Value.LeaseState);

        await LoseAsync(blob);
        Assert.True(await locks.RenewAsync(handle, default));
        Assert.True((await blob.ExistsAsync()).Value, "the lock blob was made again");
        Assert.Equal(LeaseState.Leased, (await blob.GetPropertiesAsync()).Value.LeaseState);
        Assert.True(await locks.RenewAsync(handle, default), "the lock is held: it renews as usual");

        // The SDK's manager alone, on the same loss: the exception that ended the host.
        var bare = await locks.Inner.TryLockAsync(null!, lockId + "-bare", "owner-1", null!, TimeSpan.FromSeconds(15), default);
        await LoseAsync(await LockBlobAsync(hostsContainer, lockId + "-bare"));
        var thrown = await Assert.ThrowsAsync<Microsoft.WindowsAzure.Storage.StorageException>(() => locks.Inner.RenewAsync(bare, default));
        Assert.Equal(404, thrown.RequestInformation.HttpStatusCode);

        await locks.ReleaseLockAsync(handle, default);
        Assert.NotEqual(LeaseState.Leased, (await blob.GetPropertiesAsync()).Value.LeaseState);
    }

    [Fact]
    public async Task Renew_LockLostAndTakenByAnotherHost_ReportsFailureWithoutThrowing()
    {
        var (host, locks, hostsContainer) = await CreateAsync();
        await using var _ = host;
        var lockId = $"{Guid.NewGuid():N}/SendDigests.Listener";
        var handle = await locks.TryLockAsync(null!, lockId, "owner-1", null!, TimeSpan.FromSeconds(15), default);
        await LoseAsync(await LockBlobAsync(hostsContainer, lockId));

        var other = await locks.TryLockAsync(null!, lockId, "owner-2", null!, TimeSpan.FromSeconds(15), default);
        Assert.NotNull(other);

        Assert.False(await locks.RenewAsync(handle, default));
        Assert.True(await locks.RenewAsync(other, default));
        await locks.ReleaseLockAsync(handle, default);
        await locks.ReleaseLockAsync(other, default);
    }

    /// <summary>
    /// The whole host: the timer trigger's listener lock, held by a running <c>pipeline up</c>, has its blob broken
    /// and deleted. The SDK renews the lock halfway through its 60 s period; without the recovery that renewal ends
    /// the process (exit 134). With it the lock is taken again and the host goes on ingesting and summarising.
    /// </summary>
    [Fact]
    [Trait("Category", "Fault")]
    public async Task Up_TimerLockBlobLostUnderTheRunningHost_LockTakenAgainAndTheHostGoesOn()
    {
        var suffix = TestStorage.NewSuffix();
        var settings = TestStorage.ChildHostSettings(azurite.ConnectionString, suffix, "lock-");
        using var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix);
        using var up = PipelineProcess.Start(settings, "up", "--no-seed");
        await up.WaitForOutputAsync("are running", TimeSpan.FromSeconds(60));
        var hosts = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts");
        BlobClient? lockBlob = null;
        await Eventually.HoldsAsync(async () => (lockBlob = await TimerLockAsync(hosts, "lock-" + suffix)) is not null, TimeSpan.FromSeconds(30), "the timer's listener lock blob");

        await LoseAsync(lockBlob!);

        await Eventually.HoldsAsync(
            async () => up.HasExited || ((await lockBlob!.ExistsAsync()).Value && (await lockBlob.GetPropertiesAsync()).Value.LeaseState == LeaseState.Leased),
            TimeSpan.FromSeconds(75),
            "the lock blob made again and leased");
        Assert.False(up.HasExited, up.Output);
        // The host logs after it holds the lease again, and its console logger writes on a queue of its own: the
        // line can reach us a little after the lease is seen.
        await up.WaitForOutputAsync("has been taken again", TimeSpan.FromSeconds(15));
        Assert.False(up.HasExited, up.Output);
        Assert.Contains("has been taken again", up.Output, StringComparison.Ordinal);

        // And the host still works.
        await stores.GetRequiredService<IncomingBlobs>().UploadAsync("after-lock.txt", BinaryData.FromString(
            "Lock regained\n\nThe harbour office reopened its ticket desk on Monday after the storm, the port authority said."));
        await Eventually.HoldsAsync(async () => (await stores.GetRequiredService<SummaryStore>().ListIdsAsync()).Count == 1, TimeSpan.FromSeconds(60), "the new file summarised");
        Assert.False(up.HasExited, up.Output);
    }

    /// <summary>The timer trigger's listener lock of <paramref name="hostId"/>, once the host holds it; null before.</summary>
    private static async Task<BlobClient?> TimerLockAsync(BlobContainerClient container, string hostId)
    {
        if (!(await container.ExistsAsync()).Value)
        {
            return null;
        }

        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "locks/" + hostId + "/", default))
        {
            if (item.Name.EndsWith(".Listener", StringComparison.Ordinal) && item.Properties.LeaseState == LeaseState.Leased)
            {
                return container.GetBlobClient(item.Name);
            }
        }

        return null;
    }

    private async Task<(LocalPipelineHost Host, RecoveringLockManager Locks, BlobContainerClient HostsContainer)> CreateAsync()
    {
        var host = LocalPipelineHost.Create(TestStorage.Settings(azurite.ConnectionString, TestStorage.NewSuffix()));
        var locks = Assert.IsType<RecoveringLockManager>(host.Get<IDistributedLockManager>());
        return (host, locks, new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts"));
    }

    /// <summary>The blob that holds <paramref name="lockId"/>'s lease (the SDK keeps it under a folder of its own).</summary>
    private static async Task<BlobClient> LockBlobAsync(BlobContainerClient container, string lockId)
    {
        await foreach (var item in container.GetBlobsAsync())
        {
            if (item.Name.EndsWith(lockId, StringComparison.Ordinal))
            {
                return container.GetBlobClient(item.Name);
            }
        }

        throw new InvalidOperationException($"No lock blob for {lockId} in {container.Name}.");
    }

    /// <summary>What storage that forgot the blob leaves: no blob, no lease.</summary>
    private static async Task LoseAsync(BlobClient blob)
    {
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        await blob.DeleteAsync();
    }
}
