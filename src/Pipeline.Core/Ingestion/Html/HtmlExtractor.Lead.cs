using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    /// <summary>A description shorter than this is a tag line, not a lead paragraph.</summary>
    private const int MinLeadLength = 60;

    /// <summary>How much of the description must open the lead block (and be missing from the content) to call it the lead.</summary>
    private const int LeadProbeLength = 40;

    /// <summary>The description meta tags in the order they are asked: the first such tag with text answers.</summary>
    private static readonly ISelector[] DescriptionTags =
    [
        MetadataElements.Selector("meta[property='og:description']"),
        MetadataElements.Selector("meta[name='description']"),
        MetadataElements.Selector("meta[name='twitter:description']"),
    ];

    /// <summary>
    /// The page's lead paragraph, found by its own summary: many pages put the standfirst in a header block outside
    /// the article body, and state the same text as their meta description. This is the text of the body block that
    /// opens with the description (and is not much longer than it), or null. Read before the page is cleared.
    /// </summary>
    private static string? FindLead(IDocument document, MetadataElements elements)
    {
        var description = Description(elements);
        if (description is null || description.Length < MinLeadLength || document.Body is not { } body)
        {
            return null;
        }

        var probe = description[..LeadProbeLength];
        var opening = probe[..20];
        var space = opening.IndexOf(' ', StringComparison.Ordinal);
        var firstWord = space > 0 ? opening[..space] : opening;
        var longest = Math.Max(description.Length * 2, description.Length + 200);
        foreach (var text in body.Descendants<IText>())
        {
            // The first word is a cheap test that skips nearly every text node before any string is built.
            if (text.Data.Length < opening.Length || !text.Data.Contains(firstWord, StringComparison.Ordinal)
                || !ArticleText.Collapse(text.Data).StartsWith(opening, StringComparison.Ordinal)
                || text.ParentElement is not { } parent || IsCode(parent))
            {
                continue;
            }

            // The nearest block around the text: a lead is a paragraph or a div of its own, possibly with inline markup.
            var block = parent;
            while (!LeafBlockTags.Contains(block.LocalName) && block.ParentElement is { } up && up != body)
            {
                block = up;
            }

            var lead = InnerText(block);
            if (lead.Length <= longest && lead.StartsWith(probe, StringComparison.Ordinal))
            {
                return lead;
            }
        }

        return null;
    }

    /// <summary>Puts <paramref name="lead"/> first among the content's paragraphs when none of them already holds it.</summary>
    private static void AddLead(List<string> paragraphs, string lead)
    {
        var probe = lead[..LeadProbeLength];
        if (!paragraphs.Exists(p => p.Contains(probe, StringComparison.Ordinal)))
        {
            paragraphs.Insert(0, lead);
        }
    }

    private static string? Description(MetadataElements elements)
    {
        foreach (var selector in DescriptionTags)
        {
            if (MetadataElements.First(elements.Metas, selector)?.GetAttribute("content") is { } content && ArticleText.Collapse(content) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    private static bool IsCode(IElement element) => element.LocalName is "script" or "style" or "noscript" or "template" or "title" or "textarea";
}
