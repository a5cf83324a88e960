using MimeKit;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Double opt-in, one-click unsubscribe and the links' pages, through the real local HTTP endpoint that
/// <c>pipeline up</c> serves (started in-process on a free port, as <c>up</c> does), Azurite and smtp4dev.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed partial class ConsentTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    // Due again a second after each digest, so a second pass would send again to anyone still subscribed.
    private const string EverySecond = "00:00:01";

    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task DoubleOptIn_NoDigestBeforeTheConfirmationLink_ExactlyOneAfter()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        await local.DropArticleAsync("Ferry fares frozen", "Ferry fares will not rise next year, the island council said.");
        var email = $"optin-{_tag}@example.com";

        var signup = await local.PostFormAsync("api/subscribe", $"email={Uri.EscapeDataString(email)}&query=ferry&schedule=daily");
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.Contains("Check your inbox", await signup.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var confirmation = await WaitForMessagesAsync(email, 1);
        Assert.Equal("Confirm your Pipeline digest subscription", confirmation[0].Subject);
        var link = ConfirmLink().Match(await smtp.PlainTextAsync(confirmation[0].Id));
        Assert.True(link.Success, "no confirm link in the confirmation email");
        Assert.StartsWith(local.BaseUrl + "api/confirm?token=", link.Value, StringComparison.Ordinal);

        await local.Host.RunDigestPassAsync();
        Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(email));
        Assert.DoesNotContain(await local.Host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);

        var confirmed = await local.Http.GetAsync(new Uri(link.Value));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await local.Http.GetAsync(new Uri(link.Value))).StatusCode);

        await local.Host.RunDigestPassAsync();
        var messages = await WaitForMessagesAsync(email, 2);
        Assert.Single(messages, m => m.Subject.Contains("ferry", StringComparison.Ordinal) && m.Subject.Contains("1 new article", StringComparison.Ordinal));
        Assert.Single(await local.Host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
    }

    [Fact]
    public async Task OneClickUnsubscribe_PostToTheLink_StopsTheNextDigest_WhileAnotherSubscriberStillGetsIt()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        var leaving = $"leaving-{_tag}@example.com";
        var staying = $"staying-{_tag}@example.com";
        var store = local.Host.Get<SubscriberStore>();
        await store.AddAlertAsync(leaving, Alert.Create(null, "harbour"), EverySecond);
        await store.AddAlertAsync(staying, Alert.Create(null, "harbour"), EverySecond);
        await local.DropArticleAsync("Harbour dredging begins", "Dredging of the harbour begins on Monday.");
        await local.Host.RunDigestPassAsync();
        var digest = Assert.Single(await WaitForMessagesAsync(leaving, 1));
        await WaitForMessagesAsync(staying, 1);

        // The https link of the digest's List-Unsubscribe header, as a mailbox provider's one-click button takes it.
        using var raw = new MemoryStream(await smtp.RawAsync(digest.Id));
        var header = (await MimeMessage.LoadAsync(raw)).Headers["List-Unsubscribe"] ?? "";
        var unsubscribe = new Uri(Regex.Match(header, @"<(https?://[^>]+)>").Groups[1].Value);
        Assert.StartsWith(local.BaseUrl, unsubscribe.AbsoluteUri, StringComparison.Ordinal);
        var subscriber = (await store.GetAsync(Subscriber.KeyOf(leaving)))!;

        var page = await local.Http.GetAsync(unsubscribe);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(await store.GetAsync(subscriber.Key));

        var response = await local.PostFormAsync(unsubscribe, "List-Unsubscribe=One-Click");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await local.PostFormAsync(unsubscribe, "List-Unsubscribe=One-Click")).StatusCode);
        Assert.Null(await store.GetAsync(subscriber.Key));

        await local.DropArticleAsync("Harbour reopens", "The harbour reopened to boats after the dredging.");

        // The control subscriber is due a second after their first digest; a fast run can get here sooner.
        await Eventually.HoldsAsync(
            async () => (await store.GetAsync(Subscriber.KeyOf(staying)))!.IsDue(DateTimeOffset.UtcNow.AddMilliseconds(-500)),
            TimeSpan.FromSeconds(10),
            $"{staying} due again");
        await local.Host.RunDigestPassAsync();
        await WaitForMessagesAsync(staying, 2);
        Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains(leaving));
    }

    [Fact]
    public async Task DigestPass_PendingSubscriberFoundInTheScheduleIndex_GetsNothingAndTheEntryIsDropped()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        var email = $"stray-{_tag}@example.com";
        var store = local.Host.Get<SubscriberStore>();
        await store.AddPendingAsync(email, Alert.Create(null, "telescope"), "daily");
        var pending = (await store.GetAsync(Subscriber.KeyOf(email)))!;
        await store.ScheduleAsync(pending, DateTimeOffset.UtcNow.AddMinutes(-1), null);
        Assert.Single(await store.ListDueAsync(DateTimeOffset.UtcNow));
        await local.DropArticleAsync("Telescope finds water vapour", "The new telescope found water vapour on a distant planet.");

        await local.Host.RunDigestPassAsync();

        Assert.Empty(await store.ListDueAsync(DateTimeOffset.UtcNow.AddDays(30)));
        Assert.DoesNotContain(await local.Host.Get<DeliveryLedger>().ListAsync(), d => d.Email == email);
        Assert.DoesNotContain(await smtp.MessagesAsync(), m => m.To.Contains(email));
    }

    [Fact]
    public async Task BadTokensAndOversizedBodies_Get4xxPagesOverHttp()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        var manage = local.Host.Get<SubscriptionLinks>().Tokens.Issue("someone", TokenPurpose.Manage, TimeSpan.FromDays(1));

        var malformed = await local.Http.GetAsync(new Uri(local.BaseUrl + "api/unsubscribe?token=garbage"));
        var otherPurpose = await local.PostFormAsync(local.BaseUrl + "api/unsubscribe?token=" + Uri.EscapeDataString(manage), "List-Unsubscribe=One-Click");
        var confirmWithManage = await local.Http.GetAsync(new Uri(local.BaseUrl + "api/confirm?token=" + Uri.EscapeDataString(manage)));
        var oversized = await local.PostFormAsync("api/subscribe", "email=a%40example.com&query=" + new string('x', 20_000));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPurpose.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, confirmWithManage.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        foreach (var response in new[] { malformed, otherPurpose, confirmWithManage, oversized })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Subscribe_RateLimitedPerAddress_AndAConfirmedAddressGetsTheSamePageAndNoEmail()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        var pending = $"eager-{_tag}@example.com";
        var existing = $"known-{_tag}@example.com";
        await local.Host.Get<SubscriberStore>().AddAlertAsync(existing, Alert.Create(null, "ferry"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await local.PostFormAsync("api/subscribe", $"email={Uri.EscapeDataString(pending)}&query=ferry")).StatusCode);
        }

        var known = await local.PostFormAsync("api/subscribe", $"email={Uri.EscapeDataString(existing)}&query=harbour");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        await WaitForMessagesAsync(pending, 3);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("Check your inbox", await known.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.DoesNotContain(await smtp.MessagesAsync(), m => m.To.Contains(existing));
        Assert.Equal(3, (await smtp.MessagesAsync()).Count(m => m.To.Contains(pending)));
        var stored = (await local.Host.Get<SubscriberStore>().GetAsync(Subscriber.KeyOf(pending)))!;
        Assert.Equal(Subscriber.Pending, stored.Status);
        Assert.Null(stored.DueBucket);
    }

    [Fact]
    public async Task ManagePageAndWebCopy_ShowTheSubscribersOwnData_OnlyWithTheirToken()
    {
        await using var local = await LocalSite.StartAsync(azurite, smtp);
        var email = $"manage-{_tag}@example.com";
        var store = local.Host.Get<SubscriberStore>();
        await store.AddAlertAsync(email, Alert.Create("Boats & <ships>", "ferry OR harbour"), "daily 07:00 Europe/Paris");
        var subscriber = (await store.GetAsync(Subscriber.KeyOf(email)))!;
        await local.Host.Get<DigestArchive>().WriteAsync(subscriber.Key, "2026-03-01T07", "<html><body>the web copy</body></html>");
        var links = local.Host.Get<SubscriptionLinks>().For(subscriber, "2026-03-01T07");

        var manage = await local.Http.GetStringAsync(links.Manage);
        var copy = await local.Http.GetStringAsync(links.WebCopy);
        var someoneElses = await local.Http.GetAsync(new Uri(links.WebCopy!.AbsoluteUri.Replace(Uri.EscapeDataString(subscriber.Key), "someone-else", StringComparison.Ordinal)));

        Assert.Contains("Boats &amp; &lt;ships&gt;", manage, StringComparison.Ordinal);
        Assert.Contains("daily 07:00 Europe/Paris", manage, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Unsubscribe</button>", manage, StringComparison.Ordinal);
        Assert.Equal("<html><body>the web copy</body></html>", copy);
        Assert.Equal(HttpStatusCode.Forbidden, someoneElses.StatusCode);
    }

    private async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(string email, int count)
    {
        IReadOnlyList<ReceivedMessage> mine = [];
        await Eventually.HoldsAsync(
            async () => (mine = (await smtp.MessagesAsync()).Where(m => m.To.Contains(email)).ToList()).Count >= count,
            TimeSpan.FromSeconds(30),
            $"{count} message(s) to {email}");
        Assert.Equal(count, mine.Count);
        return mine;
    }

    [GeneratedRegex(@"https?://\S+/api/confirm\?token=[A-Za-z0-9_.\-]+")]
    private static partial Regex ConfirmLink();

    /// <summary>A test pipeline with the local HTTP endpoint on a free port, and the links in its emails pointing at it.</summary>
    private sealed class LocalSite : IAsyncDisposable
    {
        private int _articles;

        private LocalSite(LocalPipelineHost host, LocalHttpEndpoint endpoint, string baseUrl)
        {
            Host = host;
            Endpoint = endpoint;
            BaseUrl = baseUrl;
        }

        public LocalPipelineHost Host { get; }

        public LocalHttpEndpoint Endpoint { get; }

        public string BaseUrl { get; }

        public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

        public static async Task<LocalSite> StartAsync(AzuriteFixture azurite, Smtp4devFixture smtp)
        {
            var port = LocalTools.FreePort();
            var baseUrl = $"http://127.0.0.1:{port}/";
            var settings = smtp.HostSettings();
            settings["Email:PublicBaseUrl"] = baseUrl;
            var host = await TestPipeline.StartAsync(azurite.ConnectionString, settings);
            return new LocalSite(host, LocalHttpEndpoint.Start(host.Services, port), baseUrl);
        }

        public Task<HttpResponseMessage> PostFormAsync(string url, string form) =>
            Http.PostAsync(new Uri(url.StartsWith("http", StringComparison.Ordinal) ? url : BaseUrl + url), new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        public Task<HttpResponseMessage> PostFormAsync(Uri url, string form) => PostFormAsync(url.AbsoluteUri, form);

        public async Task DropArticleAsync(string title, string body)
        {
            var name = $"consent/{Interlocked.Increment(ref _articles)}.json";
            await Host.Get<IncomingBlobs>().UploadAsync(name, BinaryData.FromString(JsonSerializer.Serialize(new { title, body, url = $"https://news.example/{Guid.NewGuid():N}" })));
            await Host.WaitUntilIdleAsync(TimeSpan.FromSeconds(90));
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Endpoint.DisposeAsync();
            await Host.DisposeAsync();
        }
    }
}
