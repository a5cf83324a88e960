using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private static readonly HashSet<string> LeafBlockTags =
    [
        "p", "div", "section", "article", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "figure", "figcaption", "table", "tbody", "tr", "td", "th", "header", "aside", "pre",
    ];

    /// <summary>One block a reader sees, measured once: its collapsed text length and the part of it inside links.</summary>
    private readonly record struct Block(IElement Element, int Length, double LinkLength)
    {
        public double LinkDensity => Length == 0 ? 0 : LinkLength / Length;

        public bool IsHeading => Element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
    }

    /// <summary>The running totals of the one walk over the chosen content.</summary>
    private sealed class BlockWalk
    {
        public List<Block> Blocks { get; } = [];

        public TextState Text;

        public double LinkLength;

        public int LinkDepth;
    }

    /// <summary>
    /// What Readability keeps but a reader does not want, judged block by block once the content is chosen. One walk
    /// measures every leaf block's text and link length; the rules then read those figures, and only a short block's
    /// text is ever built, so the pass costs one traversal of the content (it was three times that when each rule
    /// measured its own blocks).
    /// </summary>
    private static void RemoveBoilerplate(IElement content, BoilerplateRules rules)
    {
        if (!rules.Any)
        {
            return;
        }

        var walk = new BlockWalk();
        Measure(content, walk);
        var blocks = walk.Blocks;
        var remove = new bool[blocks.Count];
        MarkPhraseBlocks(blocks, remove, rules);
        if (rules.ClassHints)
        {
            MarkClassHints(content, blocks, remove, rules, walk.Text.Length);
        }

        if (rules.LinkRuns)
        {
            MarkLinkRuns(blocks, remove, rules);
        }

        if (rules.EdgeLinks)
        {
            MarkEdges(blocks, remove, rules);
        }

        if (rules.TailCut)
        {
            MarkTail(blocks, remove, rules);
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            if (remove[i])
            {
                blocks[i].Element.Remove();
            }
        }
    }

    /// <summary>Walks <paramref name="node"/>'s subtree, adding its leaf blocks in reading order; true when it holds one.</summary>
    private static bool Measure(INode node, BlockWalk walk)
    {
        var holdsBlock = false;
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IText text)
            {
                AddText(text.Data, ref walk.Text);
                continue;
            }

            if (child is not IElement element || !element.HasChildNodes)
            {
                continue;
            }

            var start = walk.Text.Length;
            var linkStart = walk.LinkLength;
            var isLink = element.LocalName == "a";
            walk.LinkDepth += isLink ? 1 : 0;
            var childHoldsBlock = Measure(element, walk);
            walk.LinkDepth -= isLink ? 1 : 0;
            var length = walk.Text.Length - start;
            if (isLink && walk.LinkDepth == 0)
            {
                var href = element.GetAttribute("href");
                walk.LinkLength += length * (href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1);
            }

            if (!childHoldsBlock && length > 0 && LeafBlockTags.Contains(element.LocalName))
            {
                walk.Blocks.Add(new Block(element, length, walk.LinkLength - linkStart));
                childHoldsBlock = true;
            }

            holdsBlock |= childHoldsBlock;
        }

        return holdsBlock;
    }

    /// <summary>Marks short blocks that a phrase gives away: sign-up prompts, "read also" lead-ins, credits, ad labels.</summary>
    private static void MarkPhraseBlocks(List<Block> blocks, bool[] remove, BoilerplateRules rules)
    {
        var longest = Math.Max(rules.MaxPrompt, 200);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block.Length > longest)
            {
                continue;
            }

            if (rules.Captions && block.Element.LocalName == "figcaption")
            {
                remove[i] = true;
                continue;
            }

            var text = InnerText(block.Element);
            if (rules.ShoutedLabels && block.Length <= rules.MaxShouted && !block.IsHeading && ArticleText.IsShouted(text, minLetters: 4))
            {
                remove[i] = true;
                continue;
            }

            if ((rules.SignUpPrompts && block.Length <= rules.MaxPrompt && SignUpWords().IsMatch(text))
                || (rules.AdLabels && block.Length <= 30 && AdLabel().IsMatch(text))
                || (rules.Credits && IsCredit(text)))
            {
                remove[i] = true;
            }
            else if (rules.RelatedLeadIns && block.Length <= 200 && RelatedLeadIn().IsMatch(text))
            {
                remove[i] = true;

                // A "Related articles" label heads a list of teasers: the short link blocks under it go with it.
                if (block.IsHeading || block.Length <= 40)
                {
                    for (var j = i + 1; j < blocks.Count && IsLinkBlock(blocks[j], rules.ShortBlock, 0.5); j++)
                    {
                        remove[j] = true;
                    }
                }
            }
        }
    }

    private static bool IsCredit(string text) =>
        (text.Length <= 120 && CreditLead().IsMatch(text)) || (text.Length <= 60 && PictureAgency().IsMatch(text));

    /// <summary>
    /// Marks the blocks under an element of the content that a template names as one of its parts (class or id: author
    /// box, share bar, newsletter, related teasers, tags, comments, footer), when that element is small: at most
    /// <see cref="BoilerplateRules.MaxHintRegion"/> characters and less than half of the content, so a wrapper that
    /// happens to carry such a name keeps the article.
    /// </summary>
    private static void MarkClassHints(IElement content, List<Block> blocks, bool[] remove, BoilerplateRules rules, int contentLength)
    {
        var regions = new Dictionary<IElement, (int Length, List<int> Blocks)>();
        var named = new Dictionary<IElement, IElement?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (OutermostNamed(blocks[i].Element, content, named) is not { } region)
            {
                continue;
            }

            if (!regions.TryGetValue(region, out var entry))
            {
                entry = (0, []);
            }

            entry.Blocks.Add(i);
            regions[region] = (entry.Length + blocks[i].Length, entry.Blocks);
        }

        foreach (var (length, members) in regions.Values)
        {
            if (length <= rules.MaxHintRegion && 2 * length < contentLength)
            {
                foreach (var i in members)
                {
                    remove[i] = true;
                }
            }
        }
    }

    /// <summary>
    /// The outermost element from <paramref name="element"/> up to (not including) <paramref name="content"/> whose
    /// class or id names a template part, or null. Blocks share most of their ancestors, so each element's answer is
    /// kept in <paramref name="known"/> and its names are matched once.
    /// </summary>
    private static IElement? OutermostNamed(IElement element, IElement content, Dictionary<IElement, IElement?> known)
    {
        if (element == content)
        {
            return null;
        }

        if (known.TryGetValue(element, out var region))
        {
            return region;
        }

        region = (element.ParentElement is { } parent ? OutermostNamed(parent, content, known) : null)
            ?? (Matches(TemplatePartName(), element) ? element : null);
        known[element] = region;
        return region;
    }

    /// <summary>Marks runs of two or more short, nearly all-link blocks: a teaser list inside the body, not prose.</summary>
    private static void MarkLinkRuns(List<Block> blocks, bool[] remove, BoilerplateRules rules)
    {
        var i = 0;
        while (i < blocks.Count)
        {
            var end = i;
            while (end < blocks.Count && IsLinkBlock(blocks[end], rules.RunShortBlock, rules.RunLinkDensity))
            {
                end++;
            }

            if (end - i >= 2)
            {
                Array.Fill(remove, true, i, end - i);
            }

            i = Math.Max(end, i + 1);
        }
    }

    /// <summary>
    /// Marks short link-heavy blocks at both ends of the content: the last paragraph of an article is prose, not a
    /// list of links. A leading h1-h3 stays, since a linked headline is the article's own title.
    /// </summary>
    private static void MarkEdges(List<Block> blocks, bool[] remove, BoilerplateRules rules)
    {
        var last = blocks.Count - 1;
        while (last > 0 && (remove[last] || IsLinkBlock(blocks[last], rules.ShortBlock, rules.EdgeLinkDensity)))
        {
            remove[last--] = true;
        }

        for (var first = 0; first < last && (remove[first] || (IsLinkBlock(blocks[first], rules.ShortBlock, rules.EdgeLinkDensity)
            && blocks[first].Element.LocalName is not ("h1" or "h2" or "h3"))); first++)
        {
            remove[first] = true;
        }
    }

    /// <summary>Marks the short blocks after the last prose block; a page without prose is left alone.</summary>
    private static void MarkTail(List<Block> blocks, bool[] remove, BoilerplateRules rules)
    {
        var lastProse = blocks.FindLastIndex(b => b.Length >= rules.ProseLength && b.LinkDensity < 0.3);
        for (var i = lastProse + 1; lastProse >= 0 && i < blocks.Count; i++)
        {
            remove[i] |= blocks[i].Length <= rules.TailShort;
        }
    }

    private static bool IsLinkBlock(in Block block, int shortBlock, double density) =>
        block.Length <= shortBlock && block.LinkDensity > density;
}
