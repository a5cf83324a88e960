using Pipeline.Cli.Commands;
using Pipeline.Core.Digests;

namespace Pipeline.Cli.Tests.Commands;

public sealed class SubscriberFileTests
{
    [Fact]
    public async Task ReadAsync_OldShapeWithOneQuery_OneAlertNamedAfterTheQuery()
    {
        var path = await WriteAsync("""[{ "email": " Alice@Example.COM ", "query": "\"El Salvador\" prison", "frequency": "hourly" }]""");

        var alice = Assert.Single(await SubscriberFile.ReadAsync(path));

        Assert.Equal("Alice@example.com", alice.Email);
        Assert.Equal("hourly", alice.Frequency);
        var alert = Assert.Single(alice.Alerts);
        Assert.Equal("\"El Salvador\" prison", alert.Name);
        Assert.Equal("\"El Salvador\" prison", alert.Query);
    }

    [Fact]
    public async Task ReadAsync_SeedsFile_EveryEntryChecks()
    {
        var seeds = Path.Combine(Pipeline.Cli.Hosting.RepositoryRoot.Find(), "seeds", "subscribers.json");

        var subscribers = await SubscriberFile.ReadAsync(seeds);

        Assert.NotEmpty(subscribers);
        Assert.All(subscribers, s => Assert.NotEmpty(s.Alerts));
    }

    [Theory]
    [InlineData("""[{ "email": "nobody", "query": "prison" }]""", "subscriber [0]: email: 'nobody' is not an email address")]
    [InlineData("""[{ "email": "a@example.com", "query": "prison" }, { "email": "b@example.com", "query": "(prison" }]""", "subscriber [1]: query: ")]
    [InlineData("""[{ "email": "a@example.com", "alerts": [{ "name": "ok", "query": "ferry" }, { "name": "bad", "query": "prison OR" }] }]""", "subscriber [0]: alerts[1].query: ")]
    [InlineData("""[{ "email": "a@example.com", "query": "prison", "frequency": "sometimes" }]""", "subscriber [0]: frequency: 'sometimes' is not a frequency")]
    [InlineData("""[{ "email": "a@example.com" }]""", "subscriber [0]: alerts: a subscriber needs a query or at least one alert.")]
    [InlineData("""{ "email": "a@example.com" }""", "not a JSON array of subscribers")]
    public async Task ReadAsync_BadEntry_NamesTheEntryAndTheField(string json, string message)
    {
        var path = await WriteAsync(json);

        var error = await Assert.ThrowsAsync<CommandLineException>(() => SubscriberFile.ReadAsync(path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ThenReadAsync_RoundTripsEmailsFrequenciesAndAlerts()
    {
        Alert[] alerts = [Alert.Create("Prisons", "prison -Bukele"), Alert.Create(null, "source:reuters.com ferry")];
        var bob = new Subscriber(Subscriber.KeyOf("bob@example.com"), "bob@example.com", alerts, "daily 07:00 Europe/Paris", null, null);

        var path = await WriteAsync(SubscriberFile.Write([bob]));
        var read = Assert.Single(await SubscriberFile.ReadAsync(path));

        Assert.Equal("bob@example.com", read.Email);
        Assert.Equal("daily 07:00 Europe/Paris", read.Frequency);
        Assert.Equal(alerts, read.Alerts);
    }

    private static async Task<string> WriteAsync(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"subscribers-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }
}
