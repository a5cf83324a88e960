namespace Pipeline.Core.Ingestion;

/// <summary>
/// Which block-level boilerplate rules <see cref="HtmlExtractor"/> applies to the content it chose, and their thresholds.
/// <see cref="Shipped"/> is what the pipeline uses; the others exist so that <c>eval extract --study</c> can measure each
/// rule on held-out folds (README, Quality). A rule is in <see cref="Shipped"/> only when it won there.
/// </summary>
internal sealed record BoilerplateRules
{
    /// <summary>Readability's output as it is: no block rule.</summary>
    public static BoilerplateRules None { get; } = new();

    /// <summary>
    /// The rules the pipeline applies, each kept because it won on held-out folds of the snippet set while the
    /// Readability pages kept a recall of at least 0.98 (<c>eval extract --study</c>; README, Quality).
    /// </summary>
    public static BoilerplateRules Shipped { get; } = new()
    {
        DescriptionLead = true,
        EdgeLinks = true,
        ShortBlock = 80,
        EdgeLinkDensity = 0.3,
        RelatedLeadIns = true,
        Credits = true,
        Captions = true,
        ClassHints = true,
        MaxHintRegion = 300,
        StructuredBody = true,
    };

    /// <summary>
    /// Not a block rule but a fallback: when the content found in the markup holds less than half the text of the page's
    /// JSON-LD <c>articleBody</c> (a page drawn by script keeps its article there), that text is the article. It changes
    /// one page of the snippet set and none of Readability's (README, Quality), too few to judge on held-out folds, so it
    /// is shipped for what it keeps from being lost, not for a measured gain.
    /// </summary>
    public bool StructuredBody { get; init; }

    /// <summary>
    /// The page's lead paragraph goes at the top of the content when the content lacks it: the body block that opens
    /// with the page's meta description (many pages keep the standfirst in a header outside the article body).
    /// </summary>
    public bool DescriptionLead { get; init; }

    /// <summary>Newsletter and subscription prompts of at most <see cref="MaxPrompt"/> characters go, wherever they are.</summary>
    public bool SignUpPrompts { get; init; }

    /// <summary>Short link-heavy blocks at the head and tail of the content go (breadcrumbs, tag lists, teasers).</summary>
    public bool EdgeLinks { get; init; }

    /// <summary>Blocks that open with a "read also" lead-in, and a "related articles" heading with the links under it, go.</summary>
    public bool RelatedLeadIns { get; init; }

    /// <summary>Short photo credits ("Foto: …", "Bild: …", "© …", a picture agency's name) go.</summary>
    public bool Credits { get; init; }

    /// <summary>Short figure captions (a figcaption) go.</summary>
    public bool Captions { get; init; }

    /// <summary>
    /// Blocks inside an element of the content whose class or id names a template part (author box, share bar,
    /// newsletter, related teasers, tags, comments, footer) go, when that element holds at most
    /// <see cref="MaxHintRegion"/> characters and less than half the content.
    /// </summary>
    public bool ClassHints { get; init; }

    /// <summary>The most text an element named as a template part may hold for <see cref="ClassHints"/> to remove it.</summary>
    public int MaxHintRegion { get; init; } = 1000;

    /// <summary>Short blocks written in capitals ("HAZTE MIEMBRO", "NEW AND EXCITING") go: labels and promotions, not prose.</summary>
    public bool ShoutedLabels { get; init; }

    /// <summary>The longest block <see cref="ShoutedLabels"/> removes.</summary>
    public int MaxShouted { get; init; } = 60;

    /// <summary>A block that is only an advertising label ("Anzeige", "Reklama") goes.</summary>
    public bool AdLabels { get; init; }

    /// <summary>Runs of two or more short blocks that are nearly all link, anywhere in the content, go (teaser lists).</summary>
    public bool LinkRuns { get; init; }

    /// <summary>Short blocks after the last prose block go: the article ends with its last paragraph, not with labels and credits.</summary>
    public bool TailCut { get; init; }

    /// <summary>A block this long or longer, with few links, is prose for <see cref="TailCut"/>.</summary>
    public int ProseLength { get; init; } = 150;

    /// <summary>A block after the last prose block this long or shorter goes under <see cref="TailCut"/>.</summary>
    public int TailShort { get; init; } = 60;

    /// <summary>A block this long or shorter is judged by its links; a longer one is body text.</summary>
    public int ShortBlock { get; init; } = 120;

    /// <summary>Link density above which a short block at an edge is a link block.</summary>
    public double EdgeLinkDensity { get; init; } = 0.5;

    /// <summary>A block in a run this long or shorter is judged by its links.</summary>
    public int RunShortBlock { get; init; } = 120;

    /// <summary>Link density above which a short block in a run is a teaser.</summary>
    public double RunLinkDensity { get; init; } = 0.8;

    /// <summary>A sign-up prompt is a sentence or two; a longer block that mentions a newsletter is about one.</summary>
    public int MaxPrompt { get; init; } = 240;

    /// <summary>Whether any rule is on, so that a page skips the block walk when none is.</summary>
    public bool Any => SignUpPrompts || EdgeLinks || RelatedLeadIns || Credits || Captions || AdLabels || LinkRuns || TailCut || ClassHints || ShoutedLabels;
}
