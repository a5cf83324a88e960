using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Pipeline.BrowserTests;

/// <summary>
/// The digest's HTML part rendered in a real, headless Chromium (the system's, through Playwright) at a phone's
/// width and a desktop's: what a subscriber would notice when it goes wrong.
/// </summary>
public sealed partial class DigestRenderingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;

    public static TheoryData<int> Widths => [375, 1024];

    [ChromiumTheory]
    [MemberData(nameof(Widths))]
    public async Task Html_RenderedAtWidth_HasNoHorizontalOverflow(int width)
    {
        var page = await RenderAsync(width);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth, $"At {width} px the page is {scrollWidth} px wide: the reader has to scroll sideways.");
    }

    [ChromiumTheory]
    [MemberData(nameof(Widths))]
    public async Task Html_RenderedAtWidth_ShowsEveryTitleAndTheMoreLineAndNoRawTagsOrEntities(int width)
    {
        var page = await RenderAsync(width);
        var text = await page.InnerTextAsync("body");
        foreach (var title in SampleDigest.Titles)
        {
            Assert.Contains(title, text, StringComparison.Ordinal);
        }

        Assert.Contains("and 7 more", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(RawTag(), text);
        Assert.DoesNotMatch(RawEntity(), text);
    }

    [ChromiumTheory]
    [MemberData(nameof(Widths))]
    public async Task Html_RenderedAtWidth_PreheaderFirstInBodyIsHidden(int width)
    {
        var page = await RenderAsync(width);
        var preheader = page.Locator("body > *").First;
        var text = (await preheader.TextContentAsync() ?? "").Trim();
        Assert.False(string.IsNullOrEmpty(text), "The first element of the body has no text: there is no preheader.");

        var box = await preheader.BoundingBoxAsync();
        var opacity = await preheader.EvaluateAsync<string>("e => getComputedStyle(e).opacity");
        var hidden = !await preheader.IsVisibleAsync() || box is null || box.Width < 1 || box.Height < 1 || opacity == "0";
        Assert.True(hidden, $"The preheader '{text}' is shown in the body ({box?.Width} x {box?.Height} px, opacity {opacity}); mail clients show it only in the inbox list.");
    }

    [ChromiumTheory]
    [MemberData(nameof(Widths))]
    public async Task Html_RenderedAtWidth_UnsubscribeLinkIsVisible(int width)
    {
        var page = await RenderAsync(width);
        var links = page.Locator("a").Filter(new LocatorFilterOptions { HasTextRegex = Unsubscribe() });
        Assert.True(await links.CountAsync() > 0, "There is no link whose text says Unsubscribe.");

        var link = links.First;
        await link.ScrollIntoViewIfNeededAsync();
        Assert.True(await link.IsVisibleAsync(), "The unsubscribe link is hidden.");
        var box = await link.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height, window.innerWidth, window.innerHeight]; }");
        var (left, top, w, h, viewportWidth, viewportHeight) = (box[0], box[1], box[2], box[3], box[4], box[5]);
        Assert.True(w >= 1 && h >= 1, $"The unsubscribe link is {w} x {h} px.");
        Assert.True(left >= 0 && top >= 0 && left + w <= viewportWidth && top + h <= viewportHeight,
            $"The unsubscribe link at ({left}, {top}, {w} x {h}) is outside the {viewportWidth} x {viewportHeight} viewport after scrolling to it.");
        Assert.NotEqual("", await link.GetAttributeAsync("href") ?? "");
    }

    private async Task<IPage> RenderAsync(int width)
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 } });
        var page = await _context.NewPageAsync();
        await page.SetContentAsync(SampleDigest.Html(), new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>Markup that shows as text: an encoded or unclosed tag, as in "&lt;p&gt;" on screen.</summary>
    [GeneratedRegex(@"<\s*/?[a-zA-Z!][^>\n]{0,40}>?")]
    private static partial Regex RawTag();

    /// <summary>An entity that shows as text because it was encoded twice, as in "&amp;amp;".</summary>
    [GeneratedRegex(@"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")]
    private static partial Regex RawEntity();

    [GeneratedRegex("unsubscribe", RegexOptions.IgnoreCase)]
    private static partial Regex Unsubscribe();
}
