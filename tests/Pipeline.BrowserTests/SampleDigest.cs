using Microsoft.Extensions.Options;
using MimeKit;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using Pipeline.Core.Summarisation;

namespace Pipeline.BrowserTests;

/// <summary>
/// A realistic digest built by <see cref="DigestBuilder.Build"/>: three alerts, long titles, a long URL without
/// spaces (in a link and in a summary sentence), keywords, non-ASCII text, a folded duplicate and an "and 7 more".
/// </summary>
public static class SampleDigest
{
    public static readonly DateTimeOffset At = new(2026, 3, 30, 5, 0, 0, TimeSpan.Zero);

    /// <summary>A URL of 190 characters with no space or hyphen to break at.</summary>
    public const string LongUrl =
        "https://www.example-news-network.com/world/europe/2026/03/30/municipal_elections_results_live_updates_and_analysis_of_every_arrondissement_and_commune_in_the_ile_de_france_region_rolling_coverage_page_0001?utm_source=rss";

    public static readonly string[] Titles =
    [
        "New York State Attorney General opens an investigation into WeWork's lease accounting, the company's third inquiry this year",
        "Zürich, Genève et Montréal : les villes qui réinventent le tramway électrique — et ce qu'elles coûtent",
        "東京の地下鉄、終夜運転を試験的に開始 (Tokyo Metro trials all-night service)",
        "Flood defences on the Thames: the barrier closes for the 250th time since 1982",
        "R&D spending at AT&T rises 12% as the “AI winter” talk fades",
    ];

    public static Subscriber Subscriber { get; } = new(
        Subscriber.KeyOf("reader@example.com"),
        "reader@example.com",
        [Alert.Create("WeWork", "wework"), Alert.Create("Trams & metros", "tram OR metro"), Alert.Create("Floods", "flood OR barrier")],
        "daily 07:00 Europe/Paris",
        null,
        null);

    public static IReadOnlyList<DigestSection> Sections { get; } =
    [
        new DigestSection(Subscriber.Alerts[0], [
            new DigestItem("a1", Titles[0],
                ["The New York State Attorney General is investigating WeWork, according to people familiar with the matter.",
                 "The inquiry concerns how the company accounted for long leases signed before its listing."],
                ["wework", "attorney general", "lease accounting"], SummaryMethods.Extractive, "https://venturebeat.com/business/wework-attorney-general-investigation")
            {
                AlsoReportedBy = ["techcrunch.com"],
                FoldedArticleIds = ["a1-techcrunch"],
            },
            new DigestItem("a5", Titles[4],
                ["Research and development spending rose 12% year on year.", "Analysts said the “AI winter” talk of last year had faded."],
                ["r&d", "at&t"], SummaryMethods.Llm, LongUrl),
        ]),
        new DigestSection(Subscriber.Alerts[1], [
            // Oldest first, as a section is: the email shows the newest two (a2, a3) and counts these as "and 7 more".
            .. Enumerable.Range(1, 7).Select(i => new DigestItem(
                $"m{i}", $"Tram line {i} timetable changes", [$"Line {i} runs every eight minutes from Monday."], ["tram"], SummaryMethods.Extractive, $"https://transit.example/lines/{i}")),
            new DigestItem("a2", Titles[1],
                ["À Zürich, le réseau de tramways transporte plus de 200 millions de voyageurs par an.",
                 $"Le détail des coûts est publié ici : {LongUrl}"],
                ["tramway", "zürich", "genève", "montréal"], SummaryMethods.Extractive, "https://www.lemonde.example/villes/tramway"),
            new DigestItem("a3", Titles[2],
                ["東京メトロは週末の終夜運転を試験的に開始すると発表した。", "The trial runs for six months on the Ginza and Marunouchi lines."],
                ["東京メトロ", "終夜運転"], SummaryMethods.ExtractiveFallback, "https://www3.nhk.example/news/tokyo-metro-night"),
        ]),
        new DigestSection(Subscriber.Alerts[2], [
            new DigestItem("a4", Titles[3],
                ["The Thames Barrier closed on Sunday for the 250th time since it was finished in 1982.",
                 "The Environment Agency said closures had become more frequent as sea levels rise."],
                ["thames barrier", "flood defences"], SummaryMethods.Extractive, null),
        ]),
    ];

    /// <summary>At most this many articles per alert: the trams alert shows two and "and 7 more".</summary>
    public const int MaxPerAlert = 2;

    /// <summary>The email as the digest pass sends it, with links signed under a test key.</summary>
    public static EmailMessage Build()
    {
        var options = new EmailOptions { UnsubscribeTokenKey = "browser-test-key-0123456789abcdef-0123", PublicBaseUrl = "https://pipeline.example" };
        var links = new SubscriptionLinks(Options.Create(options), new FixedTime(At)).For(Subscriber, "2026-03-30");
        return DigestBuilder.Build(Subscriber, Sections, At, links, MaxPerAlert, "pipeline.example");
    }

    /// <summary>The HTML part as a mail client reads it: the message in its MIME form, written out and parsed back.</summary>
    public static string Html() => HtmlPart(MimeMessages.Create(Build(), new EmailOptions()));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The decoded HTML part of a MIME message.</summary>
    public static string HtmlPart(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var raw = new MemoryStream();
        message.WriteTo(raw);
        raw.Position = 0;
        return MimeMessage.Load(raw).HtmlBody ?? throw new InvalidOperationException("The message has no HTML part.");
    }
}
