using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests.Reliability;

/// <summary>
/// Canary secrets in every secret setting, the real <c>pipeline</c> process run through ingestion, a failing model,
/// a digest pass that authenticates to SMTP, <c>status</c> and <c>status --verify --json</c>: no canary anywhere in
/// what it printed (logs, progress, exception messages) or in anything it stored.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Fault")]
public sealed class SecretCanaryTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    [Fact]
    public async Task Pipeline_CanarySecretsInSettings_AppearInNoOutputAndNoStoredItem()
    {
        var suffix = TestStorage.NewSuffix();
        var tag = suffix[..8];
        var email = $"canary-reader-{tag}@example.com";
        var canaries = new Dictionary<string, string>
        {
            ["Email:Smtp:Password"] = "smtp-pw-" + Guid.NewGuid().ToString("N"),
            ["Summariser:OpenAICompatible:ApiKey"] = "sk-canary-" + Guid.NewGuid().ToString("N"),
            ["Email:UnsubscribeTokenKey"] = "token-key-" + Guid.NewGuid().ToString("N"),
        };
        var settings = new Dictionary<string, string?>(TestStorage.Settings(azurite.ConnectionString, suffix))
        {
            ["Pipeline:HostId"] = "canary-" + suffix,
            ["DigestSchedule"] = "0 0 0 1 1 *",
            ["Email:Smtp:Username"] = "canary-user",
            // A model that is not there: every summary falls back, after the client has sent the key at least once.
            ["Summariser:OpenAICompatible:BaseUrl"] = $"http://127.0.0.1:{LocalTools.FreePort()}/v1",
            ["Summariser:OpenAICompatible:Model"] = "gpt-4o-mini",
            ["Summariser:OpenAICompatible:MaxRetries"] = "0",
            ["Summariser:OpenAICompatible:AttemptTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in smtp.HostSettings().Concat(canaries.Select(c => KeyValuePair.Create(c.Key, (string?)c.Value))))
        {
            settings[key] = value;
        }

        // The storage account key is a secret too (Azurite's is well known, but it is the one in the connection string).
        var accountKey = azurite.ConnectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "AccountKey")[1];
        var secrets = canaries.Values.Append(accountKey).ToList();

        using (var stores = await TestStorage.CreateAsync(azurite.ConnectionString, suffix))
        {
            await stores.GetRequiredService<SubscriberStore>().AddAlertAsync(email, Alert.Create("Lock", $"lock{tag}"));
            var incoming = stores.GetRequiredService<IncomingBlobs>();
            for (var i = 0; i < 3; i++)
            {
                await incoming.UploadAsync($"canary-{tag}/{i}.json", BinaryData.FromString(JsonSerializer.Serialize(new
                {
                    title = $"Canal lock{tag} {i} closes for repairs",
                    body = $"The canal lock{tag} number {i} closes for two weeks of repairs. Boats must wait at the upper basin until the gates are refitted. The council apologised for the delay.",
                    url = $"https://news.example/{tag}/{i}",
                })));
            }

            await incoming.UploadAsync($"canary-{tag}/broken.json", BinaryData.FromString("{\"title\": \"half"));
        }

        var output = new StringBuilder();
        foreach (var args in new[] { new[] { "up", "--once", "--no-seed", "--timeout", "120" }, ["status"], ["status", "--verify", "--json"] })
        {
            using var run = PipelineProcess.Start(settings, args);
            await run.WaitForExitAsync(TimeSpan.FromSeconds(180));
            output.AppendLine(run.Output);
        }

        var printed = output.ToString();
        Assert.Contains("extractive-fallback", await StoredAsync(suffix), StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.DoesNotContain(s, printed, StringComparison.Ordinal));
        Assert.DoesNotContain(email, printed, StringComparison.OrdinalIgnoreCase);
        var stored = await StoredAsync(suffix);
        Assert.All(secrets, s => Assert.DoesNotContain(s, stored, StringComparison.Ordinal));
    }

    /// <summary>Everything the test's storage holds, as text: every blob, every table row, every queue message.</summary>
    private async Task<string> StoredAsync(string suffix)
    {
        var all = new StringBuilder();
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (!container.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                all.AppendLine((await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
            }
        }

        var tables = new TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                all.AppendLine(string.Join('\n', entity.Select(p => $"{p.Key}={p.Value}")));
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                all.AppendLine(message.Body.ToString());
            }
        }

        return all.ToString();
    }
}
