using System.Text.Json;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// The mail server away during digest passes: nothing listens on the SMTP port, then a relay to the real smtp4dev
/// comes up on that same port, and the same running host sends on its next passes.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Fault")]
public sealed class MailServerDownTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    [Fact]
    public async Task DigestPass_MailServerDownThenBack_EachDigestDeliveredExactlyOnceAfterItReturns()
    {
        var relay = new SmtpRelay(smtp.SmtpPort);
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, relay.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var emails = new[] { $"down-a-{tag}@example.com", $"down-b-{tag}@example.com" };
        var subscribers = host.Get<SubscriberStore>();
        foreach (var email in emails)
        {
            await subscribers.AddAlertAsync(email, Alert.Create("Lock", $"lock{tag}"));
        }

        await UploadAsync(host, tag);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        // Down: two passes, nothing goes out, nothing is recorded as sent, and both subscribers stay due.
        for (var pass = 0; pass < 2; pass++)
        {
            await host.RunDigestPassAsync();
            Assert.Empty(await ReceivedAsync(emails));
            Assert.DoesNotContain(await host.Get<DeliveryLedger>().ListAsync(), d => emails.Contains(d.Email));
            var due = await subscribers.ListDueAsync(host.Get<TimeProvider>().GetUtcNow());
            Assert.All(emails, e => Assert.Contains(due, d => d.Key == Subscriber.KeyOf(e)));
        }

        // Back, on the same port: the next pass sends each digest once; later passes send nothing more.
        await using (relay)
        {
            await relay.StartAsync();
            for (var pass = 0; pass < 3; pass++)
            {
                await host.RunDigestPassAsync();
            }
        }

        var received = await ReceivedAsync(emails);
        Assert.Equal(emails.Order(), received.Select(m => Assert.Single(m.To)).Order());
        var deliveries = (await host.Get<DeliveryLedger>().ListAsync()).Where(d => emails.Contains(d.Email)).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var due2 = await subscribers.ListDueAsync(host.Get<TimeProvider>().GetUtcNow());
        Assert.DoesNotContain(due2, d => emails.Any(e => Subscriber.KeyOf(e) == d.Key));
    }

    [Fact]
    public async Task DigestPass_ServerHangsUpOnQuitAfterAcceptingTheMessage_DigestIsNotSentAgain()
    {
        await using var relay = new SmtpRelay(smtp.SmtpPort, QuitBehaviour.Drop);
        await relay.StartAsync();
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, relay.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"quit-{tag}@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("Lock", $"lock{tag}"));
        await UploadAsync(host, tag);
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        await host.RunDigestPassAsync();
        await host.RunDigestPassAsync();

        // The server had the message before the goodbye failed: one email, recorded as sent, not a retry.
        Assert.Equal(1, relay.Quits);
        Assert.Single(await ReceivedAsync([email]));
        var delivery = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
    }

    private async Task<List<ReceivedMessage>> ReceivedAsync(IReadOnlyCollection<string> emails) =>
        (await smtp.MessagesAsync()).Where(m => m.To.Any(emails.Contains)).ToList();

    private static async Task UploadAsync(LocalPipelineHost host, string tag)
    {
        var incoming = host.Get<IncomingBlobs>();
        for (var i = 0; i < 2; i++)
        {
            await incoming.UploadAsync($"mail-{tag}/{i}.json", BinaryData.FromString(JsonSerializer.Serialize(new
            {
                title = $"Canal lock{tag} {i} closes for repairs",
                body = $"The canal lock{tag} number {i} closes for two weeks of repairs. Boats must wait at the upper basin until the gates are refitted.",
                url = $"https://news.example/{tag}/{i}",
            })));
        }
    }
}
