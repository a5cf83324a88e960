namespace Pipeline.Core.Digests;

/// <summary>
/// Every colour the digest's HTML uses, for light mode and for dark mode (<c>prefers-color-scheme: dark</c>). Each
/// text colour has a contrast of at least 4.5:1 (WCAG AA) against the backgrounds it is shown on.
/// </summary>
public static class DigestPalette
{
    public const string LightPage = "#f2f3f5";
    public const string LightCard = "#ffffff";
    public const string LightText = "#1f1f1f";
    public const string LightMuted = "#5f6368";
    public const string LightLink = "#0b57d0";
    public const string LightRule = "#dadce0";

    public const string DarkPage = "#0f0f10";
    public const string DarkCard = "#1e1f20";
    public const string DarkText = "#e8eaed";
    public const string DarkMuted = "#bdc1c6";
    public const string DarkLink = "#8ab4f8";
    public const string DarkRule = "#3c4043";

    /// <summary>Each text colour with the background it is read on (the card; the page around it only shows margins).</summary>
    public static IReadOnlyList<(string Foreground, string Background)> TextOnBackground { get; } =
    [
        (LightText, LightCard), (LightMuted, LightCard), (LightLink, LightCard),
        (LightText, LightPage), (LightMuted, LightPage), (LightLink, LightPage),
        (DarkText, DarkCard), (DarkMuted, DarkCard), (DarkLink, DarkCard),
        (DarkText, DarkPage), (DarkMuted, DarkPage), (DarkLink, DarkPage),
    ];

    /// <summary>Every colour above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [LightPage, LightCard, LightText, LightMuted, LightLink, LightRule, DarkPage, DarkCard, DarkText, DarkMuted, DarkLink, DarkRule];
}
