using AngleSharp.Html.Parser;
using CsCheck;
using MimeKit;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using static Pipeline.Core.Tests.Digests.DigestSamples;

namespace Pipeline.Core.Tests.Fuzz;

/// <summary>
/// The digest email never carries active content from an article, checked on generated titles, summaries, keywords,
/// URLs, sites and alert names salted with hostile tokens: the HTML (parsed with AngleSharp) has no script, no
/// <c>on*</c> attribute, no link that is not http(s) or one of ours, and no style attribute holding article text;
/// the Subject header is one line with no bidi override.
/// </summary>
public sealed class DigestSafetyFuzzTests
{
    private static readonly Gen<string> Hostile = Gen.OneOf<string>(
        Gen.OneOf(FuzzInputs.HostileTokens),
        Gen.OneOf("<style>x{}</style>", "style=\"position:absolute\"", "\" onmouseover=\"alert(1)", "' onclick='x", "<svg onload=alert(1)>", "<iframe src=javascript:x>", "vbscript:msgbox", "\u2028", "\u0085"),
        Gen.String[0, 12],
        Gen.OneOf("Harbour", "solar", "Café", "«quoted»", "—", " "));

    private static readonly Gen<string> Text = Hostile.Array[0, 8].Select(parts => string.Concat(parts));

    private static readonly Gen<string?> Url = Gen.OneOf<string?>(
        Gen.OneOf<string?>(null, "javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd", "//evil.example/x", "https://ok.example/a?b=\"><script>", "http://ok.example/\u202Egpj"),
        Text.Select(t => (string?)("https://news.example/" + t)),
        Text.Select(t => (string?)t));

    private static readonly Gen<DigestItem> Item = Gen.Select(Text, Text.Array[0, 3], Text.Array[0, 4], Url, Text.Array[0, 2], Gen.Int[0, 1_000_000],
        (title, sentences, keywords, url, sites, id) => new DigestItem($"id{id}", title, sentences, keywords, "extractive", url) { AlsoReportedBy = sites });

    private static readonly Gen<(Subscriber Subscriber, IReadOnlyList<DigestSection> Sections)> Digest =
        Gen.Select(Text, Item.Array[1, 5]).Select((name, items) =>
        {
            var alert = new Alert("a1", string.IsNullOrWhiteSpace(name) ? "alert" : name, "solar");
            var subscriber = Alice with { Alerts = [alert] };
            return (subscriber, (IReadOnlyList<DigestSection>)[new DigestSection(alert, items)]);
        });

    [Fact]
    public void Build_HostileArticleStrings_RenderNoActiveContentAndOneLineSubject() =>
        Digest.Sample(
            digest =>
            {
                var email = Build(digest.Subscriber, digest.Sections);
                var links = LinksFor(digest.Subscriber);
                AssertNoActiveContent(email.Html, links);
                AssertNoActiveContent(DigestBuilder.WebCopy(digest.Subscriber, digest.Sections, At, links), links);

                var mime = MimeMessages.Create(email, new EmailOptions { From = "digests@pipeline.local", UnsubscribeTokenKey = "unit-test-key-0123456789abcdef-0123", PublicBaseUrl = "https://pipeline.example" });
                var subject = mime.Headers[HeaderId.Subject] ?? "";
                Assert.DoesNotContain('\r', subject);
                Assert.DoesNotContain('\n', subject);
                Assert.False(subject.Any(DigestStrings.IsInvisibleTrick), $"subject '{subject}' keeps a bidi or zero-width character");
                Assert.Single(mime.Headers, h => h.Id == HeaderId.Subject);
                Assert.DoesNotContain(mime.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
                using var written = new MemoryStream();
                mime.WriteTo(written);
                var reread = MimeMessage.Load(new MemoryStream(written.ToArray()));
                Assert.Empty(reread.Bcc);
                Assert.Single(reread.To.Mailboxes);
            },
            iter: 1_000_000,
            time: FuzzInputs.Seconds,
            threads: 1,
            print: d => string.Join(" | ", d.Sections.SelectMany(s => s.Items).Select(i => $"{i.Title} <{i.Url}> {string.Join(" ", i.Sentences)} [{string.Join(",", i.Keywords)}]")) + " alert " + d.Sections[0].Alert.Name);

    [Fact]
    public void Subject_TitleAndAlertWithBidiOverrideAndZeroWidth_AreStripped()
    {
        var alert = new Alert("a1", "In\u200Bvoice \u202Egpj.exe\u202C", "invoice");
        var subject = DigestBuilder.Subject([new DigestSection(alert, [Noem])]);

        Assert.Equal("1 new article for your alert: Invoice gpj.exe", subject);
    }

    private static void AssertNoActiveContent(string html, DigestLinks links)
    {
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, svg, form, base, meta[http-equiv]"));
        Assert.Single(document.QuerySelectorAll("style"));
        string[] ours = [links.Unsubscribe.AbsoluteUri, links.Manage.AbsoluteUri, links.UnsubscribeMailto.AbsoluteUri, links.WebCopy?.AbsoluteUri ?? ""];
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                if (attribute.Name is "href" or "src" or "action" or "background")
                {
                    var value = attribute.Value;
                    Assert.True(
                        ours.Contains(value) || value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal),
                        $"<{element.LocalName} {attribute.Name}=\"{value}\"> is not an http(s) link or one of ours");
                }

                if (attribute.Name == "style")
                {
                    // Our styles are fixed: no article text can reach them, so none holds a URL or an expression.
                    Assert.DoesNotContain("url(", attribute.Value, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("expression(", attribute.Value, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("position:absolute", attribute.Value, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }
}
