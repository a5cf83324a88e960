using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>The digest email as smtp4dev receives it, sent by the real digest pass over Azurite.</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class DigestEmailTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    private static async Task UploadAsync(LocalPipelineHostAccess host, string tag, params (string Title, string Body, string Url)[] articles)
    {
        for (var i = 0; i < articles.Length; i++)
        {
            var (title, body, url) = articles[i];
            await host.Blobs.UploadAsync($"email-{tag}/{i}.json", BinaryData.FromString(JsonSerializer.Serialize(new { title, body, url })));
        }
    }

    [Fact]
    public async Task DigestPass_OneArticle_MessageCarriesListHeadersAndPassesAStrictMimeParse()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"wework-{tag}@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("WeWork", $"wework{tag}"));
        await UploadAsync(
            new(host.Get<IncomingBlobs>()),
            tag,
            ($"Attorney General investigating WeWork{tag} — subpoenas issued", $"The New York State Attorney General is investigating WeWork{tag} over its finances. Subpoenas were issued to former executives — the company said it would cooperate.", "https://venturebeat.com/wework"));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        await host.RunDigestPassAsync();

        var received = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(email));
        var raw = await smtp.RawAsync(received.Id);
        Assert.All(raw, b => Assert.True(b < 128, "the raw message has a byte outside 7-bit ASCII"));
        using var stream = new MemoryStream(raw);
        var message = await new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity).ParseMessageAsync();

        // RFC 8058 one-click: an https link and a mailto, and the POST hint.
        var listUnsubscribe = Regex.Replace(message.Headers["List-Unsubscribe"] ?? "", @"\r?\n", "");
        Assert.Matches(@"^<http://localhost:7080/api/unsubscribe\?token=[A-Za-z0-9_\-.]+>, <mailto:digests@pipeline\.local\?subject=unsubscribe%20[A-Za-z0-9_\-.]+>$", listUnsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("Pipeline digests <digests.pipeline.local>", message.Headers["List-Id"]);
        var delivery = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal($"{delivery.DigestId}@pipeline.local", message.MessageId);
        Assert.Equal("1 new article for your alert: WeWork", message.Subject);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        foreach (var part in alternative.Cast<TextPart>())
        {
            Assert.Equal("utf-8", part.ContentType.Charset, ignoreCase: true);
            Assert.Contains(part.Text, c => c > 127);
            // Non-ASCII content, so never the 7bit default: the header is there and names an encoding that carries it.
            Assert.NotNull(part.Headers[HeaderId.ContentTransferEncoding]);
            Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
            Assert.Contains($"WeWork{tag} \u2014 subpoenas issued", part.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DigestPass_MoreArticlesThanTheCap_AndNMore_WebCopyListsThemAll_AllDelivered()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>(smtp.HostSettings()) { ["Digest:MaxArticlesPerAlert"] = "2" });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"capped-{tag}@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create("Harbours", $"harbour{tag}"));
        var titles = new[] { "Dredging begins", "Berths move", "Fees rise", "Ferry rerouted", "Pier reopens" }.Select(t => $"{t} at harbour{tag}").ToArray();
        await UploadAsync(
            new(host.Get<IncomingBlobs>()),
            tag,
            titles.Select((t, i) => (t, $"Work at harbour{tag} continues with step {i}. Boats must move to the outer berths by noon on day {i}.", $"https://news.example/{tag}/{i}")).ToArray());
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        await host.RunDigestPassAsync();

        var received = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(email));
        Assert.Equal("5 new articles for your alert: Harbours", received.Subject);
        var html = await smtp.HtmlAsync(received.Id);
        var text = await smtp.PlainTextAsync(received.Id);
        Assert.Equal(2, titles.Count(t => html.Contains(t, StringComparison.Ordinal)));
        Assert.Equal(2, titles.Count(t => text.Contains(t, StringComparison.Ordinal)));
        Assert.Matches(@">and 3 more</a> in the web copy", html);
        Assert.Contains("and 3 more in the web copy [", text, StringComparison.Ordinal);

        // Every article counts as delivered, the three beyond the cap too.
        var delivery = Assert.Single(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.Equal(5, delivery.ArticleIds.Count);

        // "View in browser" names the web copy: its blob lists every article, and the link's token is this subscriber's.
        var view = ViewLink().Match(html);
        Assert.True(view.Success, html);
        var (key, window) = (Uri.UnescapeDataString(view.Groups["key"].Value), Uri.UnescapeDataString(view.Groups["window"].Value));
        Assert.Equal(Subscriber.KeyOf(email), key);
        Assert.Equal(delivery.DigestId, window);
        var page = await host.Get<DigestArchive>().ReadAsync(key, window);
        Assert.NotNull(page);
        Assert.All(titles, t => Assert.Contains(t, page, StringComparison.Ordinal));
        Assert.DoesNotContain("more</a>", page, StringComparison.Ordinal);
        Assert.Equal(TokenCheck.Valid, host.Get<SubscriptionLinks>().Tokens.Check(Uri.UnescapeDataString(view.Groups["token"].Value), TokenPurpose.Manage, out var holder));
        Assert.Equal(key, holder);
    }

    [Fact]
    public async Task DigestPass_NothingMatchedInTheWindow_SendsNothing()
    {
        await using var host = await TestPipeline.StartAsync(azurite.ConnectionString, smtp.HostSettings());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var quiet = $"quiet-{tag}@example.com";
        var busy = $"busy-{tag}@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(quiet, Alert.Create(null, $"telescope{tag}"));
        await host.Get<SubscriberStore>().AddAlertAsync(busy, Alert.Create(null, $"ferry{tag}"));
        await UploadAsync(new(host.Get<IncomingBlobs>()), tag, ($"Ferry{tag} fares frozen", $"Ferry{tag} fares will not rise next year, the council said. The pier stays free.", "https://news.example/ferry"));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));

        await host.RunDigestPassAsync();

        var messages = await smtp.MessagesAsync();
        Assert.DoesNotContain(messages, m => m.To.Contains(quiet));
        Assert.Single(messages, m => m.To.Contains(busy));
        Assert.DoesNotContain(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == quiet);
    }

    [Fact]
    public async Task DigestShard_NoTokenKey_FailsNamingTheSetting_SendsAndClaimsNothing()
    {
        await using var host = await TestPipeline.StartAsync(
            azurite.ConnectionString, new Dictionary<string, string?>(smtp.HostSettings()) { ["Email:UnsubscribeTokenKey"] = null });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"keyless-{tag}@example.com";
        await host.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create(null, $"pier{tag}"));
        await UploadAsync(new(host.Get<IncomingBlobs>()), tag, ($"Pier{tag} reopens", $"The pier{tag} reopens on Monday after repairs. Boats may moor again.", "https://news.example/pier"));
        await host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));
        var due = await host.Get<SubscriberStore>().ListDueAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Get<DigestService>().SendShardAsync(new DigestShard(due)));

        Assert.Contains("Email:UnsubscribeTokenKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await smtp.MessagesAsync(), m => m.To.Contains(email));
        Assert.DoesNotContain(await host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
    }

    /// <summary>The HTML-encoded "View in browser" href: <c>api/digests/{key}/{window}?token=…</c>.</summary>
    [GeneratedRegex("<a href=\"http://localhost:7080/api/digests/(?<key>[^/\"]+)/(?<window>[^?\"]+)\\?token=(?<token>[^\"]+)\"[^>]*>View in browser</a>")]
    private static partial Regex ViewLink();

    /// <summary>The incoming container of a test's host.</summary>
    private sealed record LocalPipelineHostAccess(IncomingBlobs Blobs);
}
