using System.Text.Json;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>Subscribers with several kinds of alert, through the real triggers, Azurite and smtp4dev.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DigestAlertsTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    private static readonly (string Title, string Body, string Url)[] Articles =
    [
        ("Senate passes prison reform", "The senate passed the prison reform bill on Tuesday. Sentences for minor offences will be shorter.", "https://www.reuters.com/world/prison-reform"),
        ("Ferry fares frozen", "Ferry fares will not rise next year, the island council said. A telescope on the pier will stay free.", "https://news.example/ferry-fares"),
        ("Bukele expands mega prison", "President Bukele said the prison will add ten thousand places. Critics questioned the cost.", "https://elsalvador.example/bukele-prison"),
        ("Harbour dredging begins", "Dredging of the harbour begins on Monday. Boats must move to the outer berths by noon.", "https://www.reuters.com/business/harbour-dredging"),
        ("Telescope finds water vapour", "The new telescope found water vapour on a distant planet. Astronomers called it a first.", "https://science.example/telescope"),
    ];

    [Fact]
    public async Task DigestPass_OrExclusionTitleAndSourceAlerts_EachSubscriberGetsExactlyTheirArticlesOnceGroupedByAlert()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var store = host.Get<SubscriberStore>();
        var expected = new Dictionary<string, string[]>
        {
            [$"or-{tag}@example.com"] = ["Ferry fares frozen", "Harbour dredging begins"],
            [$"exclusion-{tag}@example.com"] = ["Senate passes prison reform"],
            [$"title-{tag}@example.com"] = ["Telescope finds water vapour"],
            [$"source-{tag}@example.com"] = ["Senate passes prison reform", "Harbour dredging begins"],
            [$"several-{tag}@example.com"] = ["Senate passes prison reform", "Bukele expands mega prison", "Harbour dredging begins"],
        };
        await store.AddAlertAsync($"or-{tag}@example.com", Alert.Create("Boats", "ferry OR harbour"));
        await store.AddAlertAsync($"exclusion-{tag}@example.com", Alert.Create(null, "prison -Bukele"));
        await store.AddAlertAsync($"title-{tag}@example.com", Alert.Create(null, "title:telescope"));
        await store.AddAlertAsync($"source-{tag}@example.com", Alert.Create(null, "source:reuters.com"));
        await store.AddAlertAsync($"several-{tag}@example.com", Alert.Create("Prisons", "prison"));
        await store.AddAlertAsync($"several-{tag}@example.com", Alert.Create("Reuters", "source:reuters.com"));

        for (var i = 0; i < Articles.Length; i++)
        {
            var (title, body, url) = Articles[i];
            await host.Get<IncomingBlobs>().UploadAsync($"alerts/{i}.json", BinaryData.FromString(JsonSerializer.Serialize(new { title, body, url })));
        }

        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));
        var titles = new Dictionary<string, string>();
        foreach (var id in await host.Get<SummaryStore>().ListIdsAsync())
        {
            titles[id] = (await host.Get<SummaryStore>().GetAsync(id))!.Title;
        }

        Assert.Equal(Articles.Length, titles.Count);

        await host.RunDigestPassAsync();
        await host.RunDigestPassAsync();

        var deliveries = await host.Get<DeliveryLedger>().ListAsync();
        var messages = await smtp.MessagesAsync();
        foreach (var (email, articleTitles) in expected)
        {
            var digest = Assert.Single(deliveries, d => d.Email == email);
            Assert.Equal(articleTitles.Order(), digest.ArticleIds.Select(id => titles[id]).Order());
            Assert.Single(messages, m => m.To.Contains(email));
        }

        var several = await smtp.PlainTextAsync(messages.Single(m => m.To.Contains($"several-{tag}@example.com")).Id);
        var prisons = several.IndexOf("== Prisons (prison) ==", StringComparison.Ordinal);
        var reuters = several.IndexOf("== Reuters (source:reuters.com) ==", StringComparison.Ordinal);
        Assert.True(prisons >= 0 && reuters > prisons, several);
        Assert.InRange(several.IndexOf("Senate passes prison reform", StringComparison.Ordinal), prisons, reuters);
        Assert.True(several.IndexOf("Harbour dredging begins", StringComparison.Ordinal) > reuters);
        Assert.Equal(several.IndexOf("Senate passes prison reform", StringComparison.Ordinal), several.LastIndexOf("Senate passes prison reform", StringComparison.Ordinal));
    }
}
