using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Pipeline.Cli.Hosting;
using Pipeline.Core.Digests;
using Pipeline.Core.Storage;
using Pipeline.IntegrationTests.Fixtures;

namespace Pipeline.IntegrationTests;

/// <summary>
/// Time-zone schedules across daylight-saving changes, through the real timer function, queue trigger, Azurite and
/// smtp4dev, with a <see cref="FakeTimeProvider"/> as the pipeline's clock: a digest pass every 30 minutes of fake
/// time, an article dropped at 03:00 local each day, and what smtp4dev received and the deliveries table recorded.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class DigestScheduleDstTests(AzuriteFixture azurite, Smtp4devFixture smtp)
{
    private static readonly TimeSpan PassEvery = TimeSpan.FromMinutes(30);
    private static readonly TimeOnly SendAt = new(7, 0);
    private static readonly TimeOnly DropAt = new(3, 0);

    /// <summary>
    /// The Sundays of 2026 on which each zone's clocks change: spring forward (a 23-hour day) and fall back (25 hours).
    /// Sydney's autumn is in April.
    /// </summary>
    public static TheoryData<string, string, int> Transitions => new()
    {
        { "Europe/Paris", "2026-03-29", 23 },
        { "Europe/Paris", "2026-10-25", 25 },
        { "America/New_York", "2026-03-08", 23 },
        { "America/New_York", "2026-11-01", 25 },
        { "Australia/Sydney", "2026-04-05", 25 },
        { "Australia/Sydney", "2026-10-04", 23 },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task DailyAndWeeklyAt0700Local_PassesEvery30MinutesAcrossTheChange_OneDigestPerLocalDayAtTheFirstPassAfter0700(string zoneId, string changeDay, int hoursThatDay)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var change = DateOnly.ParseExact(changeDay, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = new[] { change.AddDays(-1), change, change.AddDays(1) };
        var hours = days.Select(d => (Local(zone, d.AddDays(1), TimeOnly.MinValue) - Local(zone, d, TimeOnly.MinValue)).TotalHours).ToList();
        Assert.Equal([24, hoursThatDay, 24], hours);

        var run = await ScheduleRun.StartAsync(azurite, smtp, zone, Local(zone, days[0], TimeOnly.MinValue));
        await using var _ = run;
        var daily = await run.SubscribeAsync("daily", $"daily 07:00 {zoneId}");
        var weekly = await run.SubscribeAsync("weekly", $"weekly sun 07:00 {zoneId}");

        await run.PassesUntilAsync(Local(zone, days[^1].AddDays(1), TimeOnly.MinValue));

        // The daily subscriber: one digest a local day, at 07:00 local (which is a different UTC hour after the change), of that day's article.
        var expected = days.Select(d => Local(zone, d, SendAt)).ToList();
        Assert.NotEqual(expected[0].Offset, expected[2].Offset);
        await run.AssertDigestsAsync(daily, expected.Zip(days, (at, day) => (at, new[] { day })).ToList());

        // The weekly one: the Sunday of the change, once, with the two articles since the start.
        await run.AssertDigestsAsync(weekly, [(Local(zone, change, SendAt), [days[0], days[1]])]);
    }

    [Fact]
    public async Task HostDownAcrossTwoSendTimes_OnRestart_OneCatchUpDigestThenBackOnSchedule()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var change = new DateOnly(2026, 3, 29);
        var saturday = change.AddDays(-1);
        var monday = change.AddDays(1);

        var run = await ScheduleRun.StartAsync(azurite, smtp, zone, Local(zone, saturday, TimeOnly.MinValue));
        await using var _ = run;
        var daily = await run.SubscribeAsync("daily", "daily 07:00 Europe/Paris");

        // Up until 06:00 on Saturday, then down until 09:00 on Sunday (the 23-hour day): Saturday's and Sunday's 07:00 are missed.
        await run.PassesUntilAsync(Local(zone, saturday, new TimeOnly(6, 0)));
        await run.StopHostAsync();
        run.Time.SetUtcNow(Local(zone, change, new TimeOnly(9, 0)));
        await run.RestartHostAsync();
        await run.PassesUntilAsync(Local(zone, monday.AddDays(1), TimeOnly.MinValue));

        await run.AssertDigestsAsync(daily, [
            (Local(zone, change, new TimeOnly(9, 0)), [saturday, change]),
            (Local(zone, monday, SendAt), [monday]),
        ]);
    }

    /// <summary>The instant of a wall-clock time in <paramref name="zone"/> (never one a transition skips or repeats here).</summary>
    private static DateTimeOffset Local(TimeZoneInfo zone, DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        Assert.False(zone.IsInvalidTime(local) || zone.IsAmbiguousTime(local), $"{local:O} is skipped or repeated in {zone.Id}.");
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>One pipeline on a fake clock: its subscribers, the articles dropped, and the passes run.</summary>
    private sealed class ScheduleRun : IAsyncDisposable
    {
        private readonly AzuriteFixture _azurite;
        private readonly Smtp4devFixture _smtp;
        private readonly TimeZoneInfo _zone;
        private readonly string _suffix = TestStorage.NewSuffix();
        private readonly HashSet<DateOnly> _dropped = [];

        private ScheduleRun(AzuriteFixture azurite, Smtp4devFixture smtp, TimeZoneInfo zone, DateTimeOffset start)
        {
            _azurite = azurite;
            _smtp = smtp;
            _zone = zone;
            Time = new FakeTimeProvider(start);

            // Letters only, so that the alert's one word matches this run's articles and nothing else on the shared servers.
            Tag = new string(Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + (c % 16))).ToArray());
        }

        public FakeTimeProvider Time { get; }

        public string Tag { get; }

        public LocalPipelineHost? Host { get; private set; }

        public static async Task<ScheduleRun> StartAsync(AzuriteFixture azurite, Smtp4devFixture smtp, TimeZoneInfo zone, DateTimeOffset start)
        {
            var run = new ScheduleRun(azurite, smtp, zone, start);
            await run.RestartHostAsync();
            return run;
        }

        public async Task RestartHostAsync() =>
            Host = await TestPipeline.StartAsync(_azurite.ConnectionString, _smtp.HostSettings(), _suffix, services => services.AddSingleton<TimeProvider>(Time));

        public async Task StopHostAsync()
        {
            await Host!.DisposeAsync();
            Host = null;
        }

        /// <summary>A subscriber with one alert on this run's word; returns their address.</summary>
        public async Task<string> SubscribeAsync(string name, string schedule)
        {
            var email = $"{name}-{Tag}@example.com";
            Assert.True(await Host!.Get<SubscriberStore>().AddAlertAsync(email, Alert.Create($"DST {name}", Tag), schedule));
            return email;
        }

        private static readonly (string Headline, string Lead)[] Stories =
        [
            ("Storm warning sends fishing boats to the outer berths", "The harbour master moved twelve trawlers away from the quay before gales forecast for the evening."),
            ("Ferry adds two Saturday crossings from next week", "The island ferry company will run an early and a late sailing on Saturdays until the end of the season."),
            ("Divers find cracks in the old sea wall", "An inspection of the Victorian breakwater found three cracks that engineers want repaired before winter."),
            ("Lifeboat crew rescues two kayakers near the lighthouse", "Volunteers launched within six minutes and brought the pair ashore after the tide turned against them."),
            ("Fish market opens a new cold store", "Traders say the building will let them keep the morning catch for auction a day longer."),
            ("Council approves dredging of the inner basin", "Silt has left the marina too shallow for larger yachts at low water, according to the harbour board."),
            ("Tall ship visit draws crowds to the quayside", "Thousands queued to board the three-masted training vessel, which sails for Norway on Thursday."),
        ];

        private string TitleOf(DateOnly day) => $"{Stories[day.DayNumber % Stories.Length].Headline} {Tag}";

        /// <summary>Drops the article of <paramref name="day"/> into incoming; it is ingested and summarised when a host runs.</summary>
        private async Task DropAsync(DateOnly day)
        {
            Assert.True(_dropped.Add(day));
            // A different story each day: the digest folds near-duplicate reports into one item.
            var title = TitleOf(day);
            var lead = Stories[day.DayNumber % Stories.Length].Lead;
            var body = $"{lead} The {Tag} harbour notice for {day:d MMMM yyyy} has the details.";
            await Host!.Get<IncomingBlobs>().UploadAsync($"dst/{Tag}/{day:yyyy-MM-dd}.json", BinaryData.FromString(JsonSerializer.Serialize(new { title, body, url = $"https://harbour.example/{Tag}/{day:yyyy-MM-dd}" })));
        }

        /// <summary>
        /// From now to <paramref name="end"/> (exclusive), every 30 minutes of fake time: the day's article at 03:00
        /// local, and a digest pass through the timer function. The first pass is at the current time.
        /// </summary>
        public async Task PassesUntilAsync(DateTimeOffset end)
        {
            for (var now = Time.GetUtcNow(); now < end; now += PassEvery)
            {
                Time.SetUtcNow(now);
                var local = TimeZoneInfo.ConvertTime(now, _zone);
                var day = DateOnly.FromDateTime(local.DateTime);
                if (TimeOnly.FromDateTime(local.DateTime) >= DropAt && !_dropped.Contains(day))
                {
                    await DropAsync(day);
                    await Host!.Feed.PollOnceAsync();
                    // The host's idle wait counts fake time, which stands still meanwhile: bound it in real time.
                    await Host.WaitUntilIdleAsync(TimeSpan.FromMinutes(2)).WaitAsync(TimeSpan.FromSeconds(90));
                }

                await Host!.RunDigestPassAsync(TimeSpan.FromSeconds(60));
            }

            Time.SetUtcNow(end);
        }

        /// <summary>
        /// What smtp4dev received for <paramref name="email"/> and what the deliveries table holds for them are exactly
        /// <paramref name="expected"/>: each digest's <c>Date</c> (the pass that sent it), its subject, and its articles by day.
        /// </summary>
        public async Task AssertDigestsAsync(string email, IReadOnlyList<(DateTimeOffset At, DateOnly[] Days)> expected)
        {
            var received = new List<(DateTimeOffset Date, string Subject)>();
            foreach (var message in (await _smtp.MessagesAsync()).Where(m => m.To.Contains(email)))
            {
                var mime = await RawMessageAsync(message.Id);
                received.Add((mime.Date, mime.Subject ?? ""));
            }

            received.Sort((a, b) => a.Date.CompareTo(b.Date));
            Assert.Equal(expected.Select(e => e.At.ToUniversalTime()).ToList(), received.Select(r => r.Date.ToUniversalTime()).ToList());
            for (var i = 0; i < expected.Count; i++)
            {
                var count = expected[i].Days.Length == 1 ? "1 new article" : $"{expected[i].Days.Length} new articles";
                Assert.StartsWith(count + " for your alert: DST ", received[i].Subject, StringComparison.Ordinal);
            }

            var titles = new Dictionary<string, string>();
            var host = Host ?? throw new InvalidOperationException("The host is stopped.");
            var summaries = host.Get<SummaryStore>();
            foreach (var id in await summaries.ListIdsAsync())
            {
                titles[id] = (await summaries.GetAsync(id))!.Title;
            }

            var deliveries = (await host.Get<DeliveryLedger>().ListAsync()).Where(d => d.Email == email).OrderBy(d => d.At).ToList();
            Assert.Equal(expected.Select(e => (DateTimeOffset?)e.At.ToUniversalTime()).ToList(), deliveries.Select(d => d.At?.ToUniversalTime()).ToList());
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(DeliveryStatus.Sent, deliveries[i].Status);
                Assert.Equal(
                    expected[i].Days.Select(TitleOf).Order(StringComparer.Ordinal),
                    deliveries[i].ArticleIds.Select(id => titles[id]).Order(StringComparer.Ordinal));
            }
        }

        /// <summary>The message as smtp4dev received it, headers and all.</summary>
        private async Task<MimeMessage> RawMessageAsync(string id)
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_smtp.WebPort}") };
            await using var raw = await http.GetStreamAsync($"/api/messages/{id}/raw");
            using var buffer = new MemoryStream();
            await raw.CopyToAsync(buffer);
            buffer.Position = 0;
            return await MimeMessage.LoadAsync(buffer);
        }

        public async ValueTask DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
            }
        }
    }
}
