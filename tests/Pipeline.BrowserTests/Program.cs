using Microsoft.Playwright;
using MimeKit;

namespace Pipeline.BrowserTests;

/// <summary>
/// The README's screenshot: renders the HTML part of a real digest (an <c>.eml</c> that <c>pipeline up --once</c>
/// wrote to <c>outbox/</c>) in the system's Chromium at 1024 px and saves a PNG of the whole page.
/// <code>dotnet run --project tests/Pipeline.BrowserTests -- screenshot [--eml FILE | --outbox DIR] [--out FILE] [--width PX]</code>
/// Under <c>dotnet test</c> this entry point is not used.
/// </summary>
public static class Program
{
    private const string Usage = "usage: screenshot [--eml FILE | --outbox DIR (default outbox; its largest .eml)] [--out FILE (default .github/readme/digest.png)] [--width PX (default 1024)]";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "screenshot" || args.Length % 2 == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (options.Keys.Except(["--eml", "--outbox", "--out", "--width"]).FirstOrDefault() is { } unknown)
        {
            await Console.Error.WriteLineAsync($"unknown option '{unknown}'; {Usage}");
            return 2;
        }

        if (Chromium.MissingReason is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 1;
        }

        var eml = options.GetValueOrDefault("--eml") ?? Fullest(options.GetValueOrDefault("--outbox") ?? "outbox");
        if (eml is null || !File.Exists(eml))
        {
            await Console.Error.WriteLineAsync($"No digest to render: '{eml ?? options.GetValueOrDefault("--outbox") ?? "outbox"}' has no .eml file. Run 'dotnet run --project src/Pipeline.Cli -- up --once' first.");
            return 1;
        }

        if (!int.TryParse(options.GetValueOrDefault("--width") ?? "1024", out var width) || width is < 200 or > 4000)
        {
            await Console.Error.WriteLineAsync($"--width must be a number of pixels between 200 and 4000; {Usage}");
            return 2;
        }

        var output = Path.GetFullPath(options.GetValueOrDefault("--out") ?? Path.Combine(".github", "readme", "digest.png"));
        var html = SampleDigest.HtmlPart(await MimeMessage.LoadAsync(eml));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);
        // A short viewport: the full-page shot grows to the digest's height rather than padding it.
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 200 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = output, FullPage = true });
        Console.WriteLine($"{eml} at {width} px -> {output}");
        return 0;
    }

    /// <summary>The largest digest in the outbox (the one with the most to show); by name among equals.</summary>
    private static string? Fullest(string outbox) =>
        Directory.Exists(outbox)
            ? new DirectoryInfo(outbox).EnumerateFiles("*.eml", SearchOption.AllDirectories)
                .OrderByDescending(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault()?.FullName
            : null;
}
