using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;

namespace Pipeline.Core.Tests.Digests;

/// <summary>Subscribers, articles and signed links for the digest-message tests.</summary>
internal static class DigestSamples
{
    public static readonly DateTimeOffset At = new(2026, 11, 28, 9, 15, 0, TimeSpan.Zero);

    public static readonly Subscriber Alice = new(Subscriber.KeyOf("alice@example.com"), "alice@example.com", [Alert.Create(null, "\"El Salvador\" AND prison")], "daily", null, null);

    public static readonly DigestItem Noem = new(
        "a1", "Noem tours <CECOT> & warns", ["Noem visited the prison.", "She issued a warning."], ["noem", "cecot"], "extractive", "https://news.example/noem");

    public static readonly DigestItem Bukele = new("b2", "Bukele's prison expands", ["The prison will add 10,000 places."], [], "extractive-fallback", null);

    public static SubscriptionLinks Links() => new(
        Options.Create(new EmailOptions { UnsubscribeTokenKey = "unit-test-key-0123456789abcdef-0123", PublicBaseUrl = "https://pipeline.example" }),
        new FakeTimeProvider(At));

    public static DigestLinks LinksFor(Subscriber subscriber, string window = "w1") => Links().For(subscriber, window);

    public static EmailMessage Build(Subscriber subscriber, IReadOnlyList<DigestSection> sections, int maxPerAlert = 10) =>
        DigestBuilder.Build(subscriber, sections, At, LinksFor(subscriber), maxPerAlert, "pipeline.local");

    public static DigestItem Item(int i, string? url = null) =>
        new($"id{i}", $"Article number {i}", [$"Sentence {i} of the summary."], [], "extractive", url ?? $"https://news.example/{i}");

    /// <summary>The largest digest the pass builds: the per-digest cap of articles, long titles and long summaries, non-ASCII and markup characters throughout.</summary>
    public static IReadOnlyList<DigestSection> Maximal(Subscriber subscriber)
    {
        var sentence = "Le président a déclaré — « c’est historique » — que l’accord <signé> & ratifié changerait tout pour les ports, les prisons et les ferries. ";
        var items = Enumerable.Range(0, Pipeline.Core.Digests.DigestService.MaxArticlesPerDigest)
            .Select(i => new DigestItem(
                $"max{i}",
                $"Über-long headline {i}: " + string.Concat(Enumerable.Repeat("“quoted” <b>words</b> & more — ", 12)),
                Enumerable.Repeat(sentence, 12).ToList(),
                ["président", "accord", "ports", "prisons", "ferries", "historique"],
                "llm",
                $"https://news.example/{i}/" + new string('x', 180))
            {
                AlsoReportedBy = ["venturebeat.com", "techcrunch.com", "reuters.com"],
            })
            .ToList();
        return subscriber.Alerts.Select((a, k) => new DigestSection(a, items.Skip(k * 10).Take(10).ToList())).ToList();
    }
}
