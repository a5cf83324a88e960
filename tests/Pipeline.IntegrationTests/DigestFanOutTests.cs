using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Pipeline.IntegrationTests;

/// <summary>The digest pass fanned out: the timer enqueues shards of due subscribers, <c>SendDigest</c> sends each shard.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DigestFanOutTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    [Fact]
    public async Task SendDigest_SameShardTwiceAndOverlappingShards_SendsEachDigestOnce()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var emails = Enumerable.Range(0, 5).Select(i => $"shard{i}-{tag}@example.com").ToList();
        foreach (var email in emails)
        {
            await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("Ferries", "ferry"));
        }

        await host.Get<IncomingBlobs>().UploadAsync("ferry.txt", BinaryData.FromString(
            "Ferry fares frozen\n\nFerry fares will not rise next year, the island council said, after a winter of complaints about the ferry timetable."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var due = await host.Get<SubscriberStore>().ListDueAsync(DateTimeOffset.UtcNow);
        Assert.Equal(emails.Count, due.Count);
        var shard = new DigestShard(due);
        var overlapping = new DigestShard(due.Skip(2).ToList());

        // The same shard handled three times at once, then delivered twice more through the queue with an overlapping one,
        // then a timer pass on top.
        var digests = host.Get<DigestService>();
        await Task.WhenAll(digests.SendShardAsync(shard), digests.SendShardAsync(shard), digests.SendShardAsync(overlapping));
        await host.Get<DigestsQueue>().EnqueueAsync(shard.Subscribers);
        await host.Get<DigestsQueue>().EnqueueAsync(shard.Subscribers);
        await host.Get<DigestsQueue>().EnqueueAsync(overlapping.Subscribers);
        await host.RunDigestPassAsync();

        var messages = await smtp.MessagesAsync();
        var deliveries = await host.Get<DeliveryLedger>().ListAsync();
        foreach (var email in emails)
        {
            Assert.Single(messages, m => m.To.Contains(email));
            Assert.Equal(DeliveryStatus.Sent, Assert.Single(deliveries, d => d.Email == email).Status);
        }

        Assert.Empty(await host.Get<SubscriberStore>().ListDueAsync(DateTimeOffset.UtcNow));
        Assert.Equal(0, await host.Get<DigestsQueue>().CountFailedAsync());
    }

    [Fact]
    public async Task DigestTimer_OnlyDueSubscribers_AreEnqueued_AndEachIsRescheduledAfterItsDigest()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        var store = host.Get<SubscriberStore>();
        await store.AddAlertAsync("daily@example.com", Alert.Create(null, "harbour"), "daily");
        await store.AddAlertAsync("nothing@example.com", Alert.Create(null, "telescope"), "hourly :30 UTC");
        await host.Get<IncomingBlobs>().UploadAsync("harbour.txt", BinaryData.FromString(
            "Harbour dredging begins\n\nDredging of the harbour begins on Monday. Boats must move to the outer berths by noon."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var before = DateTimeOffset.UtcNow;
        await host.RunDigestPassAsync();
        await host.RunDigestPassAsync();

        Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == "daily@example.com");
        var subscribers = (await store.ListAsync()).ToDictionary(s => s.Email);
        Assert.Equal(SubscriberStore.BucketOf(subscribers["daily@example.com"].LastDigestAt!.Value.AddDays(1)), subscribers["daily@example.com"].DueBucket);
        var nextHalfPast = SendSchedule.Parse("hourly :30 UTC").NextDue(before);
        Assert.Equal(SubscriberStore.BucketOf(nextHalfPast), subscribers["nothing@example.com"].DueBucket);
        Assert.Empty(await store.ListDueAsync(DateTimeOffset.UtcNow));
        Assert.Single(await store.ListDueAsync(DateTimeOffset.UtcNow.AddDays(1).AddMinutes(1)), d => d.Key == Subscriber.KeyOf("daily@example.com"));
    }
}

/// <summary>Ten thousand subscribers through the real triggers: timer, digests queue, <c>SendDigest</c>, outbox.</summary>
[Collection(BurstCollection.Name)]
public sealed class DigestCapacityTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task DigestPass_TenThousandSubscribers_EachGetsExactlyOneDigest()
    {
        const int count = 10_000;
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString);
        string[] queries = ["ferry", "harbour", "telescope OR \"water vapour\""];
        var seeding = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            await host.Get<SubscriberStore>().AddAlertAsync($"reader{i:D5}@example.com", Alert.Create(null, queries[i % queries.Length]), "daily", ct));
        output.WriteLine($"seeded {count} subscribers in {seeding.Elapsed.TotalSeconds:F1} s");

        await host.Get<IncomingBlobs>().UploadAsync("a/ferry.txt", BinaryData.FromString(
            "Ferry fares frozen\n\nFerry fares will not rise next year, the island council said, after a winter of complaints about the ferry timetable."));
        await host.Get<IncomingBlobs>().UploadAsync("a/harbour.txt", BinaryData.FromString(
            "Harbour dredging begins\n\nDredging of the harbour begins on Monday. Boats must move to the outer berths by noon."));
        await host.Get<IncomingBlobs>().UploadAsync("a/telescope.txt", BinaryData.FromString(
            "Telescope finds water vapour\n\nThe new telescope found water vapour on a distant planet. Astronomers called it a first."));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(60));

        var pass = Stopwatch.StartNew();
        await host.RunDigestPassAsync(TimeSpan.FromMinutes(10));
        pass.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"digest pass: {count} subscribers in {pass.Elapsed.TotalSeconds:F1} s = {count / pass.Elapsed.TotalSeconds:F0} subscribers/s (timer, digests queue, SendDigest, outbox)"));

        var deliveries = await host.Get<DeliveryLedger>().ListAsync();
        Assert.Equal(count, deliveries.Count);
        Assert.Equal(count, deliveries.Select(d => d.Email).Distinct().Count());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var outbox = Assert.IsType<OutboxEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        Assert.Equal(count, Directory.GetFiles(outbox.OutboxPath, "*.eml").Length);
        Assert.Equal(0, await host.Get<DigestsQueue>().CountFailedAsync());

        await host.RunDigestPassAsync();
        Assert.Equal(count, (await host.Get<DeliveryLedger>().ListAsync()).Count);
    }
}
