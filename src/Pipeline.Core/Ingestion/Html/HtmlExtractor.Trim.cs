using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    /// <summary>Blocks this short or shorter are judged by their links; longer ones are body text.</summary>
    private const int ShortBlock = 120;

    /// <summary>A sign-up prompt is a sentence or two; a longer block that mentions a newsletter is about one.</summary>
    private const int MaxPrompt = 240;

    private static readonly HashSet<string> TrimBlockTags =
    [
        "p", "div", "section", "article", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "figure", "figcaption", "table", "tbody", "tr", "td", "th", "header",
    ];

    /// <summary>
    /// What Readability keeps but a reader does not want, judged block by block once the content is chosen:
    /// newsletter and subscription prompts, and runs of short link-heavy blocks at the head and tail of the content
    /// (breadcrumbs, tag lists, related-article teasers). Each rule was kept only when it cut boilerplate on both
    /// held-out halves of the snippet set (<c>pipeline eval extract --snippets</c>) without losing article text.
    /// </summary>
    private static void TrimBoilerplate(IElement content)
    {
        var blocks = new List<IElement>();
        CollectLeafBlocks(content, blocks);
        foreach (var block in blocks)
        {
            if (IsSignUpPrompt(block))
            {
                block.Remove();
            }
        }

        blocks.RemoveAll(b => b.Parent is null);
        TrimEnds(blocks);
    }

    /// <summary>Adds the blocks with text and no block-level children with text, in reading order: the units a reader sees.</summary>
    private static bool CollectLeafBlocks(IElement element, List<IElement> blocks)
    {
        var hasBlockChild = false;
        foreach (var child in element.Children)
        {
            hasBlockChild |= CollectLeafBlocks(child, blocks);
        }

        if (hasBlockChild)
        {
            return true;
        }

        if (TrimBlockTags.Contains(element.LocalName) && HasText(element))
        {
            blocks.Add(element);
            return true;
        }

        return false;
    }

    private static bool IsSignUpPrompt(IElement block)
    {
        var length = TextLength(block);
        return length <= MaxPrompt && SignUpWords().IsMatch(block.TextContent);
    }

    /// <summary>
    /// Drops short blocks that are mostly links from both ends of the content: the last paragraph of an article is
    /// prose, not a list of links. A leading h1-h3 stays, since a linked headline is the article's own title.
    /// </summary>
    private static void TrimEnds(List<IElement> blocks)
    {
        while (blocks.Count > 1 && IsLinkTeaser(blocks[^1]))
        {
            blocks[^1].Remove();
            blocks.RemoveAt(blocks.Count - 1);
        }

        while (blocks.Count > 1 && IsLinkTeaser(blocks[0]) && blocks[0].LocalName is not ("h1" or "h2" or "h3"))
        {
            blocks[0].Remove();
            blocks.RemoveAt(0);
        }
    }

    private static bool IsLinkTeaser(IElement block) => TextLength(block) <= ShortBlock && LinkDensity(block) > 0.5;

    [GeneratedRegex(@"\b(newsletter|subscribe|abonnieren sie|jetzt abonnieren|abonnez-vous|suscr[ií]bete|inscreva-se|zapisz się|subskrybuj)", RegexOptions.IgnoreCase)]
    private static partial Regex SignUpWords();
}
