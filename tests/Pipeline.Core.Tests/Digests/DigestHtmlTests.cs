using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using Pipeline.Core.Delivery;
using Pipeline.Core.Digests;
using static Pipeline.Core.Tests.Digests.DigestSamples;

namespace Pipeline.Core.Tests.Digests;

public sealed partial class DigestHtmlTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Fact]
    public void Build_Html_HasTheHeadAnEmailClientNeeds()
    {
        var html = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])]).Html;
        var document = Parse(html);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(document.QuerySelector("meta[charset='utf-8']"));
        Assert.Equal("width=device-width, initial-scale=1", document.QuerySelector("meta[name='viewport']")?.GetAttribute("content"));
        Assert.Equal("light dark", document.QuerySelector("meta[name='color-scheme']")?.GetAttribute("content"));
        Assert.Equal("light dark", document.QuerySelector("meta[name='supported-color-schemes']")?.GetAttribute("content"));
        var style = document.QuerySelector("style")!.TextContent;
        Assert.Contains(":root{color-scheme:light dark", style, StringComparison.Ordinal);
        Assert.Contains("@media (prefers-color-scheme: dark)", style, StringComparison.Ordinal);
        Assert.Contains(DigestPalette.DarkText, style, StringComparison.Ordinal);
        Assert.Contains(DigestPalette.DarkCard, style, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Html_LaysOutWithPresentationTablesInAFluid600pxColumn_NoFlexGridOrPosition()
    {
        var html = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])]).Html;
        var document = Parse(html);

        var tables = document.QuerySelectorAll("table");
        Assert.True(tables.Length >= 2);
        Assert.All(tables, t => Assert.Equal("presentation", t.GetAttribute("role")));
        var outer = tables[0];
        Assert.Equal("100%", outer.GetAttribute("width"));
        var column = outer.QuerySelector("table")!;
        Assert.Equal("600", column.GetAttribute("width"));
        Assert.Contains("width:100%;max-width:600px", column.GetAttribute("style"), StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("flex|grid|position", RegexOptions.IgnoreCase), html);
        // The preheader is the only block outside the tables.
        Assert.Single(document.QuerySelectorAll("div"));
    }

    [Fact]
    public void Build_Html_PreheaderIsFirstInBodyHiddenAndSummarisesTheDigest()
    {
        var html = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])]).Html;
        var preheader = Parse(html).Body!.FirstElementChild!;

        Assert.Equal("DIV", preheader.TagName);
        var style = preheader.GetAttribute("style")!;
        foreach (var rule in new[] { "display:none", "max-height:0", "overflow:hidden", "mso-hide:all", "opacity:0", "font-size:0" })
        {
            Assert.Contains(rule, style, StringComparison.Ordinal);
        }

        Assert.Equal("2 new articles: Noem tours <CECOT> & warns \u00b7 Bukele's prison expands", preheader.TextContent);
    }

    [Fact]
    public void Build_Html_HeadingsForDigestAlertsAndArticles_LinksAndFooter()
    {
        var prisons = Alert.Create("Prisons", "prison");
        var ferries = Alert.Create(null, "ferry");
        var ferry = new DigestItem("f3", "Ferry fares frozen", ["Fares will not rise."], [], "extractive", "http://ferries.example/fares");
        var links = LinksFor(Alice);
        var message = DigestBuilder.Build(Alice, [new DigestSection(prisons, [Noem, Bukele]), new DigestSection(ferries, [ferry])], At, links, 10, "pipeline.local");
        var document = Parse(message.Html);

        Assert.Single(document.QuerySelectorAll("h1"));
        Assert.Equal(["Prisons (prison)", "ferry"], document.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Equal(["Noem tours <CECOT> & warns", "Bukele's prison expands", "Ferry fares frozen"], document.QuerySelectorAll("h3").Select(h => h.TextContent));
        Assert.Equal(["https://news.example/noem", "http://ferries.example/fares"], document.QuerySelectorAll("h3 a").Select(a => a.GetAttribute("href")));

        var anchors = document.QuerySelectorAll("a[href]");
        Assert.Equal("View in browser", anchors[0].TextContent);
        Assert.Equal(links.WebCopy!.AbsoluteUri, anchors[0].GetAttribute("href"));
        var unsubscribe = Assert.Single(anchors, a => a.TextContent == "Unsubscribe");
        var manage = Assert.Single(anchors, a => a.TextContent == "Manage your alerts");
        Assert.Equal(links.Unsubscribe.AbsoluteUri, unsubscribe.GetAttribute("href"));
        Assert.Equal(links.Manage.AbsoluteUri, manage.GetAttribute("href"));
        var footer = unsubscribe.Closest("td")!.TextContent;
        Assert.Contains("alice@example.com", footer, StringComparison.Ordinal);
        Assert.Contains("Prisons, ferry", footer, StringComparison.Ordinal);
        Assert.Contains("Keywords: noem, cecot", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FoldedItem_SaysAlsoReportedByInBothParts()
    {
        var folded = Noem with { AlsoReportedBy = ["venturebeat.com", "techcrunch.com"] };

        var message = Build(Alice, [new DigestSection(Alice.Alerts[0], [folded, Bukele])]);

        Assert.Contains("also reported by venturebeat.com, techcrunch.com", Parse(message.Html).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("also reported by venturebeat.com, techcrunch.com", message.Text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(message.Html, "also reported by"));
    }

    [Fact]
    public void Build_HostileArticleStrings_AreEncodedOrDropped()
    {
        var hostile = new[]
        {
            new DigestItem("h1", "<script>alert(1)</script>", ["\"><img src=x onerror=alert(2)>"], ["<b onmouseover=alert(3)>"], "extractive", "javascript:alert(4)"),
            new DigestItem("h2", "Line one\r\nLine two\u0000", ["Body"], [], "extractive", "data:text/html;base64,PHNjcmlwdD4="),
            new DigestItem("h3", "Quote \" in ' title", ["Body"], [], "extractive", "https://ok.example/a?b=\"><script>x</script>"),
            new DigestItem("h4", "Vbscript", ["Body"], [], "extractive", " JAVASCRIPT:alert(5)"),
        };
        var alert = new Alert("x", "<img src=x onerror=alert(6)>", "evil");

        var message = Build(Alice, [new DigestSection(alert, hostile)]);
        var document = Parse(message.Html);

        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed"));
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.All(document.QuerySelectorAll("[href]"), e => Assert.Matches("^https?://", e.GetAttribute("href")!));
        Assert.Equal(["<script>alert(1)</script>", "Line one Line two", "Quote \" in ' title", "Vbscript"], document.QuerySelectorAll("h3").Select(h => h.TextContent));
        // Only the https URL became a link; its quotes and brackets are percent-encoded.
        var link = Assert.Single(document.QuerySelectorAll("h3 a"));
        Assert.Equal("https://ok.example/a?b=%22%3E%3Cscript%3Ex%3C/script%3E", link.GetAttribute("href"));
        Assert.Equal("<img src=x onerror=alert(6)> (evil)", document.QuerySelector("h2")!.TextContent);
        Assert.Contains("\"><img src=x onerror=alert(2)>", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", message.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", message.Text, StringComparison.Ordinal);
        Assert.Contains("Line one Line two\n", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MaximalDigest_HtmlPartUnder90KbEncoded()
    {
        var alerts = Enumerable.Range(0, 5).Select(i => Alert.Create($"Alert {i}", $"topic{i}")).ToList();
        var subscriber = Alice with { Alerts = alerts };
        var message = Build(subscriber, Maximal(subscriber), maxPerAlert: 10);

        var mime = MimeMessages.Create(message, new EmailOptions());
        var html = mime.BodyParts.OfType<TextPart>().Single(p => p.IsHtml);
        using var encoded = new MemoryStream();
        html.WriteTo(encoded);
        output.WriteLine($"HTML {System.Text.Encoding.UTF8.GetByteCount(message.Html)} bytes UTF-8, {encoded.Length} bytes as {html.ContentTransferEncoding}; shown {Parse(message.Html).QuerySelectorAll("h3").Length} of 50");

        Assert.InRange(encoded.Length, 40 * 1024, 90 * 1024 - 1);
    }

    [Fact]
    public void Palette_EveryTextColourOnItsBackground_HasContrastOfAtLeast4point5()
    {
        foreach (var (foreground, background) in DigestPalette.TextOnBackground)
        {
            var ratio = ContrastRatio(foreground, background);
            Assert.True(ratio >= 4.5, $"{foreground} on {background}: {ratio.ToString("F2", CultureInfo.InvariantCulture)}:1");
        }
    }

    [Fact]
    public void ContrastRatio_KnownPairs_MatchWcag()
    {
        Assert.Equal(21.0, ContrastRatio("#000000", "#ffffff"), 2);
        Assert.Equal(1.0, ContrastRatio("#777777", "#777777"), 2);
        Assert.Equal(4.48, ContrastRatio("#777777", "#ffffff"), 2);
    }

    [Fact]
    public void Build_Html_UsesOnlyPaletteColours()
    {
        var html = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem, Bukele])]).Html;

        var used = HexColour().Matches(html).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, c => Assert.Contains(c, DigestPalette.All));
    }

    /// <summary>WCAG 2 contrast ratio: (L1 + 0.05) / (L2 + 0.05) of the relative luminances.</summary>
    private static double ContrastRatio(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }

    [GeneratedRegex("#[0-9a-fA-F]{6}\\b")]
    private static partial Regex HexColour();
}
