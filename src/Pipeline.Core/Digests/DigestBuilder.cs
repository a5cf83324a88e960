using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Delivery;

namespace Pipeline.Core.Digests;

/// <summary>One article as it appears in a digest.</summary>
public sealed record DigestItem(string ArticleId, string Title, IReadOnlyList<string> Sentences, IReadOnlyList<string> Keywords, string Method, string? Url)
{
    /// <summary>The sites of the near-duplicate reports folded into this item (for example <c>techcrunch.com</c>); empty when none were.</summary>
    public IReadOnlyList<string> AlsoReportedBy { get; init; } = [];

    /// <summary>The ids of the articles folded into this item; they count as delivered with it.</summary>
    public IReadOnlyList<string> FoldedArticleIds { get; init; } = [];
}

/// <summary>
/// Builds the digest email for one subscriber from one set of data: the subject, the plain-text part
/// (<see cref="DigestText"/>), the HTML part (<see cref="DigestHtml"/>), the web copy with every article, and the
/// stable id that names the digest, its web copy and its <c>Message-ID</c>.
/// </summary>
public static class DigestBuilder
{
    /// <summary>
    /// The most UTF-8 bytes the email's HTML part may take. Base64 (the longest encoding MimeKit picks for 7-bit
    /// transport) makes this about 82 KB, under Gmail's clipping at 102 KB and the issue's 90 KB; the articles that do
    /// not fit join the "and N more" of their section.
    /// </summary>
    public const int HtmlBudgetBytes = 60_000;

    /// <summary>A stable id for a digest: the same subscriber and the same articles always give the same id.</summary>
    public static string DigestId(Subscriber subscriber, IEnumerable<string> articleIds)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var key = subscriber.Key + "|" + string.Join(',', articleIds.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
    }

    /// <summary>Every article a digest delivers: each item and the near-duplicates folded into it.</summary>
    public static IReadOnlyList<string> ArticleIds(IEnumerable<DigestSection> sections) =>
        sections.SelectMany(s => s.Items)
            .SelectMany(i => i.FoldedArticleIds.Prepend(i.ArticleId))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The id of the digest of <paramref name="sections"/> (every item and folded article in it).</summary>
    public static string DigestId(Subscriber subscriber, IReadOnlyList<DigestSection> sections) => DigestId(subscriber, ArticleIds(sections));

    /// <summary>
    /// At most <paramref name="maxPerAlert"/> items per section, the newest (a section is oldest first); the rest are
    /// counted in <see cref="DigestSection.More"/>.
    /// </summary>
    public static IReadOnlyList<DigestSection> Cap(IReadOnlyList<DigestSection> sections, int maxPerAlert)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPerAlert);
        return sections
            .Select(s => s.Items.Count <= maxPerAlert ? s : s with { Items = s.Items.Skip(s.Items.Count - maxPerAlert).ToList(), More = s.More + s.Items.Count - maxPerAlert })
            .ToList();
    }

    /// <summary>Names the count and the alert(s): <c>3 new articles for your alert: WeWork</c>; one line, no control characters.</summary>
    public static string Subject(IReadOnlyList<DigestSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var subject = $"{CountText(sections)} for {YourAlerts(sections)}: {AlertNames(sections)}";
        return DigestStrings.Shorten(DigestStrings.Clean(subject), 150);
    }

    /// <summary>
    /// The email of the digest of <paramref name="sections"/> (every article the digest delivers): at most
    /// <paramref name="maxPerAlert"/> articles per alert and at most <see cref="HtmlBudgetBytes"/> of HTML, the rest
    /// as "and N more" linking to the web copy; its <c>Message-ID</c> is the digest id on <paramref name="domain"/>.
    /// </summary>
    public static EmailMessage Build(Subscriber subscriber, IReadOnlyList<DigestSection> sections, DateTimeOffset at, DigestLinks links, int maxPerAlert, string domain)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(links);
        var digestId = DigestId(subscriber, sections);
        var capped = Cap(sections, maxPerAlert);
        var shown = capped;
        var html = DigestHtml.Render(new DigestView(subscriber, shown, at, links, WebCopy: false));
        if (Encoding.UTF8.GetByteCount(html) > HtmlBudgetBytes)
        {
            // The fewest drops that fit, by bisection: fewer items never make the page longer, and each try renders it once.
            var (fits, tooLong) = (capped.Sum(s => s.Items.Count) - 1, 0);
            while (fits - tooLong > 1)
            {
                var middle = tooLong + ((fits - tooLong) / 2);
                if (Encoding.UTF8.GetByteCount(DigestHtml.Render(new DigestView(subscriber, Drop(capped, middle), at, links, WebCopy: false))) <= HtmlBudgetBytes)
                {
                    fits = middle;
                }
                else
                {
                    tooLong = middle;
                }
            }

            shown = Drop(capped, Math.Max(fits, 0));
            html = DigestHtml.Render(new DigestView(subscriber, shown, at, links, WebCopy: false));
        }

        var text = DigestText.Render(new DigestView(subscriber, shown, at, links, WebCopy: false));
        return new EmailMessage(subscriber.Email, Subject(sections), text, html, $"{digestId}@{domain}") { Links = links };
    }

    /// <summary>
    /// <paramref name="sections"/> less <paramref name="count"/> items, each the oldest of the then longest section, so
    /// that every alert keeps what it can, and its newest; the dropped ones join their section's "and N more".
    /// </summary>
    private static List<DigestSection> Drop(IReadOnlyList<DigestSection> sections, int count)
    {
        var shown = sections.ToList();
        for (var i = 0; i < count; i++)
        {
            var longest = shown.IndexOf(shown.MaxBy(s => s.Items.Count)!);
            var section = shown[longest];
            shown[longest] = section with { Items = section.Items.Skip(1).ToList(), More = section.More + 1 };
        }

        return shown;
    }

    /// <summary>The web copy ("view in browser"): the same page with every article of <paramref name="sections"/>, no cap.</summary>
    public static string WebCopy(Subscriber subscriber, IReadOnlyList<DigestSection> sections, DateTimeOffset at, DigestLinks links) =>
        DigestHtml.Render(new DigestView(subscriber, sections, at, links, WebCopy: true));

    /// <summary><c>1 new article</c> or <c>N new articles</c>, counting those beyond the cap.</summary>
    internal static string CountText(IReadOnlyList<DigestSection> sections)
    {
        var count = sections.Sum(s => s.Items.Count + s.More);
        return count == 1 ? "1 new article" : $"{count.ToString(CultureInfo.InvariantCulture)} new articles";
    }

    internal static string YourAlerts(IReadOnlyList<DigestSection> sections) => sections.Count == 1 ? "your alert" : "your alerts";

    internal static string AlertNames(IReadOnlyList<DigestSection> sections) =>
        string.Join(", ", sections.Select(s => DigestStrings.Clean(s.Alert.Name)));
}

/// <summary>What one rendering of a digest shows: the sections as they appear, and whether this is the web copy.</summary>
internal sealed record DigestView(Subscriber Subscriber, IReadOnlyList<DigestSection> Sections, DateTimeOffset At, DigestLinks Links, bool WebCopy)
{
    public string Count => DigestBuilder.CountText(Sections);

    public string Date => At.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>3 new articles for your alert: WeWork</c>.</summary>
    public string Summary => $"{Count} for {DigestBuilder.YourAlerts(Sections)}: {DigestBuilder.AlertNames(Sections)}";

    /// <summary>Why the subscriber got this: their address and the alerts the digest is for.</summary>
    public string Reason =>
        $"You get this digest because {Subscriber.Email} subscribed to Pipeline {(Sections.Count == 1 ? "alert" : "alerts")}: {DigestBuilder.AlertNames(Sections)}.";

    public static string Heading(Alert alert) =>
        DigestStrings.Clean(alert.Name == alert.Query ? alert.Name : $"{alert.Name} ({alert.Query})");
}
