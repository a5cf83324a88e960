using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private static readonly HashSet<string> TagsToScore = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];
    private static readonly HashSet<string> DivToPElements = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"];

    // Static initialisers run in textual order only within one file of a partial class, so this one, which spreads
    // DivToPElements, must stay here after it rather than move to the clean-up phase that uses it.
    private static readonly HashSet<string> TextishElements = ["span", "li", "td", .. DivToPElements];

    private static readonly HashSet<string> UnlikelyRoles = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];

    /// <summary>Walks the page once, removing what is never the article and collecting the blocks to score.</summary>
    private static List<IElement> CollectElementsToScore(IDocument document, ExtractionAttempt attempt)
    {
        var elementsToScore = new List<IElement>();
        var shouldRemoveTitleHeader = true;
        var node = (IElement?)document.DocumentElement;
        while (node is not null)
        {
            if (ShouldRemove(node, attempt, ref shouldRemoveTitleHeader))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (TagsToScore.Contains(node.LocalName))
            {
                elementsToScore.Add(node);
            }

            if (node.LocalName == "div" && ReduceDiv(document, node, attempt) is { } paragraph)
            {
                node = paragraph;
                elementsToScore.Add(node);
            }

            node = NextNode(node, ignoreSelfAndKids: false);
        }

        return elementsToScore;
    }

    /// <summary>Whether the walk drops <paramref name="node"/>; a byline it drops is kept on the attempt.</summary>
    private static bool ShouldRemove(IElement node, ExtractionAttempt attempt, ref bool shouldRemoveTitleHeader)
    {
        if (!IsProbablyVisible(node) || (node.GetAttribute("aria-modal") == "true" && node.GetAttribute("role") == "dialog"))
        {
            return true;
        }

        if (node.LocalName is "nav" or "dialog")
        {
            // Navigation and dialogs are never the article; a reader view drops them outright.
            return true;
        }

        if (attempt.DomByline is null && IsValidByline(node))
        {
            // A byline block often wraps the name in itemprop="name" beside dates and labels; the name is the byline.
            attempt.DomByline = (node.QuerySelector("[itemprop*='name']") ?? node).TextContent;
            return true;
        }

        if (shouldRemoveTitleHeader && HeaderDuplicatesTitle(node, attempt.Title))
        {
            shouldRemoveTitleHeader = false;
            return true;
        }

        if (attempt.StripsUnlikelys && (IsUnlikelyCandidate(node) || (node.GetAttribute("role") is { } role && UnlikelyRoles.Contains(role))))
        {
            return true;
        }

        return node.LocalName is "div" or "section" or "header" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
            && IsElementWithoutContent(node);
    }

    private static bool IsUnlikelyCandidate(IElement node) =>
        Matches(UnlikelyCandidates(), node) && !Matches(MaybeCandidate(), node)
        && !HasAncestorTag(node, "table") && !HasAncestorTag(node, "code")
        && node.LocalName is not ("body" or "a");

    /// <summary>Wraps a div's loose text in paragraphs; returns the paragraph that now stands for the div, or null when it holds blocks.</summary>
    private static IElement? ReduceDiv(IDocument document, IElement div, ExtractionAttempt attempt)
    {
        WrapPhrasingContent(document, div);
        if (HasSingleTagInsideElement(div, "p") && LinkDensity(div) < 0.25)
        {
            var child = div.Children[0];
            div.Replace(child);
            return child;
        }

        return HasChildBlockElement(div) ? null : attempt.Retag(div, "p");
    }

    private static bool IsProbablyVisible(IElement node)
    {
        if (node.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style))
        {
            return false;
        }

        if (node.HasAttribute("hidden"))
        {
            return false;
        }

        return node.GetAttribute("aria-hidden") != "true"
            || (node.ClassName?.Contains("fallback-image", StringComparison.Ordinal) ?? false);
    }

    private static bool IsValidByline(IElement node)
    {
        var rel = node.GetAttribute("rel");
        var itemprop = node.GetAttribute("itemprop");
        if (rel != "author" && itemprop?.Contains("author", StringComparison.Ordinal) != true && !Matches(BylineNames(), node))
        {
            return false;
        }

        var length = node.TextContent.Trim().Length;
        return length is > 0 and < 100;
    }

    private static bool HeaderDuplicatesTitle(IElement node, string? title)
    {
        if (node.LocalName is not ("h1" or "h2") || string.IsNullOrEmpty(title))
        {
            return false;
        }

        var heading = InnerText(node);

        // Word-token similarity says little for scripts written without spaces (Chinese, Japanese), so a heading that
        // makes up most of the title counts as a duplicate too.
        return TextSimilarity(title, heading) > 0.75
            || (heading.Length >= 8 && heading.Length * 2 >= title.Length && title.Contains(heading, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsElementWithoutContent(IElement node)
    {
        if (HasText(node))
        {
            return false;
        }

        var children = node.Children.Length;
        return children == 0 || children == node.GetElementsByTagName("br").Length + node.GetElementsByTagName("hr").Length;
    }

    private static bool HasSingleTagInsideElement(IElement element, string tag)
    {
        if (element.Children.Length != 1 || element.Children[0].LocalName != tag)
        {
            return false;
        }

        foreach (var child in element.ChildNodes)
        {
            if (child.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(child.TextContent))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasChildBlockElement(IElement element)
    {
        foreach (var child in element.Children)
        {
            if (DivToPElements.Contains(child.LocalName) || HasChildBlockElement(child))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase)]
    private static partial Regex UnlikelyCandidates();

    [GeneratedRegex("and|article|body|column|content|main|mathjax|shadow", RegexOptions.IgnoreCase)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex("byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase)]
    private static partial Regex BylineNames();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
