using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Digests;
using Pipeline.Core.Subscriptions;

namespace Pipeline.Core.Tests.Subscriptions;

/// <summary>
/// The endpoints' answers that are decided before any storage is read: sizes, routes, methods, tokens and input.
/// What needs storage (sign-up, confirm, unsubscribe, the rate limit) is tested on Azurite in the integration tests.
/// </summary>
public sealed class SubscriptionEndpointsTests : IDisposable
{
    private const string Key = "endpoint-tests-token-key-0123456789abcdef";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public SubscriptionEndpointsTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never reached by these tests: nothing here reads storage.
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Email:UnsubscribeTokenKey"] = Key,
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time).AddPipeline(configuration).BuildServiceProvider();
    }

    private SubscriptionEndpoints Endpoints => _services.GetRequiredService<SubscriptionEndpoints>();

    private SubscriberTokens Tokens => _services.GetRequiredService<SubscriptionLinks>().Tokens;

    public void Dispose() => _services.Dispose();

    private Task<EndpointResponse> SendAsync(string method, string path, string? query = null, string? body = "", string? contentType = null) =>
        Endpoints.HandleAsync(new EndpointRequest(method, path, query, contentType, body));

    private static void AssertNoInternals(EndpointResponse response)
    {
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Pipeline.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadBody_OverTheLimit_IsRefusedWhetherDeclaredOrNot()
    {
        Assert.Null(await SubscriptionEndpoints.ReadBodyAsync(new MemoryStream(new byte[SubscriptionEndpoints.MaxBodyBytes + 1]), null, default));
        Assert.Null(await SubscriptionEndpoints.ReadBodyAsync(new MemoryStream([]), SubscriptionEndpoints.MaxBodyBytes + 1, default));
        Assert.Equal("List-Unsubscribe=One-Click", await SubscriptionEndpoints.ReadBodyAsync(new MemoryStream(Encoding.UTF8.GetBytes("List-Unsubscribe=One-Click")), 26, default));
    }

    [Fact]
    public async Task OversizedBody_Gets413()
    {
        var response = await SendAsync("POST", "/api/subscribe", body: null, contentType: "application/x-www-form-urlencoded");

        Assert.Equal(413, response.Status);
        AssertNoInternals(response);
    }

    [Fact]
    public async Task UnknownRoute_Gets404_AndWrongMethod_Gets405NamingTheAllowedOnes()
    {
        Assert.Equal(404, (await SendAsync("GET", "/api/nothing-here")).Status);
        Assert.Equal(404, (await SendAsync("GET", "/")).Status);

        var response = await SendAsync("DELETE", "/api/unsubscribe", "?token=x");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET, POST", response.Headers["Allow"]);
        Assert.Equal(405, (await SendAsync("POST", "/api/confirm")).Status);
    }

    [Fact]
    public async Task Confirm_BadTokens_Get4xxPagesWithoutInternals()
    {
        var expired = Tokens.Issue("k", TokenPurpose.Confirm, TimeSpan.FromDays(7));
        var forged = new SubscriberTokens("another-key-of-at-least-32-characters!", _time).Issue("k", TokenPurpose.Confirm, TimeSpan.FromDays(7));
        var unsubscribe = Tokens.Issue("k", TokenPurpose.Unsubscribe, TimeSpan.FromDays(7));
        _time.Advance(TimeSpan.FromDays(8));

        var cases = new (string? Query, int Status)[]
        {
            (null, 400),
            ("?token=", 400),
            ("?token=not-a-token", 400),
            ("?token=" + expired[..^4], 400),
            ("?token=" + Uri.EscapeDataString(forged), 403),
            ("?token=" + Uri.EscapeDataString(unsubscribe), 403),
            ("?token=" + Uri.EscapeDataString(expired), 410),
        };
        foreach (var (query, status) in cases)
        {
            var response = await SendAsync("GET", "/api/confirm", query);
            Assert.True(status == response.Status, $"{query}: {response.Status}");
            AssertNoInternals(response);
        }
    }

    [Fact]
    public async Task Unsubscribe_Get_ShowsOneButtonThatPostsTheTokenBack_AndAnotherPurposesTokenIsRefused()
    {
        var token = Tokens.Issue("subscriber-key", TokenPurpose.Unsubscribe, TimeSpan.FromDays(365));

        var page = await SendAsync("GET", "/api/unsubscribe", "?token=" + Uri.EscapeDataString(token));

        Assert.Equal(200, page.Status);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Body, "<button"));
        Assert.Contains($"<form method=\"post\" action=\"unsubscribe?token={Uri.EscapeDataString(token)}\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", page.Body, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);

        var manage = Tokens.Issue("subscriber-key", TokenPurpose.Manage, TimeSpan.FromDays(365));
        Assert.Equal(403, (await SendAsync("POST", "/api/unsubscribe", "?token=" + Uri.EscapeDataString(manage), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")).Status);
        Assert.Equal(400, (await SendAsync("POST", "/api/unsubscribe", null, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")).Status);
    }

    [Fact]
    public async Task ViewDigest_AnotherSubscribersToken_Gets403_AndABadWindowName_Gets404()
    {
        var mine = Tokens.Issue("someone-else", TokenPurpose.Manage, TimeSpan.FromDays(365));

        Assert.Equal(403, (await SendAsync("GET", "/api/digests/victim/2026-03-01T07", "?token=" + Uri.EscapeDataString(mine))).Status);
        Assert.Equal(404, (await SendAsync("GET", "/api/digests/victim/..", "?token=" + Uri.EscapeDataString(mine))).Status);
        Assert.Equal(404, (await SendAsync("GET", "/api/digests/victim/a%2Fb", "?token=" + Uri.EscapeDataString(mine))).Status);
    }

    [Theory]
    [InlineData("email=%3Cscript%3Ealert(1)%3C%2Fscript%3E%40example.com&query=ferry", "&lt;script&gt;")]
    [InlineData("email=alice%40example.com%0D%0ABcc%3A%20all%40example.com&query=ferry", "line breaks")]
    [InlineData("email=alice%40example.com&query=%3Cb%3Eferry%20AND%20(", "query:")]
    [InlineData("email=alice%40example.com&query=ferry&schedule=fortnightly%3Cb%3E", "schedule:")]
    [InlineData("query=ferry", "email: is required")]
    public async Task Subscribe_BadInput_Gets400NamingTheFieldWithTheInputEncoded(string form, string expected)
    {
        var response = await SendAsync("POST", "/api/subscribe", body: form, contentType: "application/x-www-form-urlencoded");

        Assert.Equal(400, response.Status);
        Assert.Contains(expected, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", response.Body, StringComparison.Ordinal);
        AssertNoInternals(response);
    }

    [Fact]
    public async Task Subscribe_NotAForm_Gets415_AndGet_ShowsTheForm()
    {
        Assert.Equal(415, (await SendAsync("POST", "/api/subscribe", body: "{\"email\":\"a@example.com\"}", contentType: "application/json")).Status);

        var form = await SendAsync("GET", "/api/subscribe");
        Assert.Equal(200, form.Status);
        Assert.Contains("<form method=\"post\" action=\"subscribe\">", form.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ManagePage_EncodesTheSubscribersAlertsAndShowsTheUnsubscribeButton()
    {
        var subscriber = new Subscriber("k", "alice@example.com", [new Alert("1", "<b>Boats</b>", "ferry OR \"harbour & sea\"")], "daily 07:00 Europe/Paris", null, null);

        var page = SubscriptionPages.Manage(subscriber, "tok.en");

        Assert.Contains("&lt;b&gt;Boats&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.Contains("ferry OR &quot;harbour &amp; sea&quot;", page, StringComparison.Ordinal);
        Assert.Contains("daily 07:00 Europe/Paris", page, StringComparison.Ordinal);
        Assert.Contains("action=\"unsubscribe?token=tok.en\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
    }
}
