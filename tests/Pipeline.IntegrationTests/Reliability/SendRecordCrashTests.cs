using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// The one window a claim cannot cover: the real <c>pipeline up --once</c> process is SIGKILLed after smtp4dev has
/// accepted the digest and before the host records it (the relay never answers the sender's <c>QUIT</c>).
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SendRecordCrashTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    [Fact]
    public async Task Up_KilledBetweenSmtpSendAndRecord_DigestArrivesOnceAndIsMarkedUnconfirmedAfterTheLease()
    {
        var suffix = TestStorage.NewSuffix();
        var tag = suffix[..8];
        var email = $"killed-{tag}@example.com";
        await using var relay = new SmtpRelay(smtp.SmtpPort, QuitBehaviour.Stall);
        await relay.StartAsync();
        var settings = new Dictionary<string, string?>(TestStorage.Settings(azurite.ConnectionString, suffix))
        {
            ["Pipeline:HostId"] = "fault-" + suffix,
            ["DigestSchedule"] = "0 0 0 1 1 *",
        };
        foreach (var (key, value) in relay.HostSettings())
        {
            settings[key] = value;
        }

        using (var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix))
        {
            await stores.GetRequiredService<SubscriberStore>().AddAlertAsync(email, Alert.Create("Lock", $"lock{tag}"));
            await stores.GetRequiredService<IncomingBlobs>().UploadAsync($"kill-{tag}/0.json", BinaryData.FromString(JsonSerializer.Serialize(new
            {
                title = $"Canal lock{tag} closes for repairs",
                body = $"The canal lock{tag} closes for two weeks of repairs. Boats must wait at the upper basin until the gates are refitted.",
                url = $"https://news.example/{tag}",
            })));
        }

        // up --once ingests, summarises, then runs a digest pass: the send hangs at QUIT, after the server has the message.
        using (var up = PipelineProcess.Start(settings, "up", "--once", "--no-seed", "--timeout", "120"))
        {
            await Eventually.HoldsAsync(async () => relay.Quits > 0 && (await smtp.MessagesAsync()).Any(m => m.To.Contains(email)), TimeSpan.FromSeconds(120), "the digest to reach smtp4dev; pipeline said:\n" + up.Output);
            up.Kill();
        }

        // The killed host's shard message stays invisible for its lease (10 minutes), then comes back and meets the same
        // claim. A digest pass waits for the shards it can take and its own, not for that one (60 s, not the lease).
        var held = new QueueClient(azurite.ConnectionString, settings["DigestsQueue"]);
        Assert.Equal(1, (await held.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await held.PeekMessagesAsync()).Value);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var direct = new Dictionary<string, string?>(smtp.HostSettings());
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, direct, suffix, s => s.AddSingleton<TimeProvider>(time));
        var claim = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal(DeliveryStatus.Sending, claim.Status);

        // Within the lease the claim may still be sending: the restarted host leaves it, and the subscriber stays due.
        await host.RunDigestPassAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(DeliveryStatus.Sending, Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email).Status);
        Assert.Contains(await host.Get<SubscriberStore>().ListDueAsync(time.GetUtcNow()), d => d.Key == Subscriber.KeyOf(email));

        // After the lease: recorded as unconfirmed, never sent again (at most once), and the schedule moves on.
        time.Advance(DeliveryLedger.SendingLease + TimeSpan.FromMinutes(1));
        await host.RunDigestPassAsync(TimeSpan.FromSeconds(60));
        await host.RunDigestPassAsync(TimeSpan.FromSeconds(60));
        var delivery = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal(DeliveryStatus.Unconfirmed, delivery.Status);
        Assert.Equal(claim.DigestId, delivery.DigestId);
        var received = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(email));

        // The one copy that arrived carries the digest's deterministic Message-ID: a resend would carry the same one.
        var raw = System.Text.Encoding.ASCII.GetString(await smtp.RawAsync(received.Id));
        Assert.Contains($"Message-ID: <{delivery.DigestId}@pipeline.local>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await host.Get<SubscriberStore>().ListDueAsync(time.GetUtcNow()), d => d.Key == Subscriber.KeyOf(email));
    }
}
