using System.Text.Json;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>Two outlets' reports of one story, under one alert, through the real triggers, Azurite and smtp4dev.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FoldedDuplicatesTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    private static readonly string[] Reports = ["004_gull-point-turbines-herald.md", "005_gull-point-turbines-coastwatch.json"];

    [Fact]
    public async Task DigestPass_TwoReportsOfOneStory_OneItemAlsoReportedByTheOtherSiteAndBothDelivered()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var email = $"fold-{Guid.NewGuid():N}"[..13] + "@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("Turbines", "turbine OR turbines"));

        var seeds = Path.Combine(RepositoryRoot.Find(), "seeds", "articles");
        foreach (var report in Reports)
        {
            await host.Get<IncomingBlobs>().UploadAsync($"fold/{report}", BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(seeds, report))));
        }

        // Another turbine story, which must stay its own item.
        await host.Get<IncomingBlobs>().UploadAsync("fold/other.json", BinaryData.FromString(JsonSerializer.Serialize(new
        {
            title = "Ferry company tests a turbine-powered catamaran",
            body = "The island ferry company has begun sea trials of a catamaran driven by a gas turbine. Passengers will not board it until the spring. The company says the boat halves the crossing time to the mainland.",
            url = "https://ferries.example/catamaran",
        })));

        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));
        var summaries = host.Get<SummaryStore>();
        var titles = new Dictionary<string, string>();
        foreach (var id in await summaries.ListIdsAsync())
        {
            titles[id] = (await summaries.GetAsync(id))!.Title;
        }

        Assert.Equal(3, titles.Count);

        await host.RunDigestPassAsync();
        await host.RunDigestPassAsync();

        var message = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(email));
        Assert.StartsWith("2 new articles", message.Subject, StringComparison.Ordinal);
        var text = await smtp.PlainTextAsync(message.Id);
        var html = await smtp.HtmlAsync(message.Id);
        var also = text.Contains("also reported by coastwatch.example", StringComparison.Ordinal) ? "coastwatch.example" : "harbourside-herald.example";
        Assert.Contains("also reported by " + also, text, StringComparison.Ordinal);
        Assert.Contains("also reported by " + also, html, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(text, "also reported by"));
        Assert.Equal(1, Occurrences(text, "Council approves three wind turbines on Gull Point headland") + Occurrences(text, "Gull Point headland wind turbines approved by county council"));
        Assert.Contains("Ferry company tests a turbine-powered catamaran", text, StringComparison.Ordinal);

        // The folded report is delivered with the digest, so no later digest can list it.
        var digest = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal(titles.Keys.Order(StringComparer.Ordinal), digest.ArticleIds.Order(StringComparer.Ordinal));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
