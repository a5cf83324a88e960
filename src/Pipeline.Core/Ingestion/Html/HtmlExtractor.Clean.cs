using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    private static void PrepArticle(IElement article, ExtractionAttempt attempt)
    {
        MarkDataTables(article, attempt);
        CleanConditionally(article, "form", attempt);
        CleanConditionally(article, "fieldset", attempt);
        RemoveAll(article, "object", "embed", "footer", "link", "aside");

        // Small share widgets go, but never one of the blocks chosen as the article itself.
        foreach (var block in article.Children.ToList())
        {
            foreach (var element in block.QuerySelectorAll("*").ToList())
            {
                if (element.Parent is not null && Matches(ShareElements(), element) && element.TextContent.Length < CharThreshold)
                {
                    element.Remove();
                }
            }
        }

        RemoveAll(article, "iframe", "input", "textarea", "select", "button");
        foreach (var header in article.QuerySelectorAll("h1, h2").ToList())
        {
            if (ClassWeight(header, attempt) < 0)
            {
                header.Remove();
            }
        }

        CleanConditionally(article, "table", attempt);
        CleanConditionally(article, "ul", attempt);
        CleanConditionally(article, "div", attempt);

        foreach (var paragraph in article.GetElementsByTagName("p").ToList())
        {
            if (paragraph.QuerySelector("img, embed, object, iframe") is null && string.IsNullOrWhiteSpace(paragraph.TextContent))
            {
                paragraph.Remove();
            }
        }
    }

    private static void CleanConditionally(IElement root, string tag, ExtractionAttempt attempt)
    {
        if (!attempt.CleansConditionally)
        {
            return;
        }

        foreach (var node in root.GetElementsByTagName(tag).Reverse().ToList())
        {
            if (ShouldRemoveConditionally(node, tag, attempt))
            {
                node.Remove();
            }
        }
    }

    /// <summary>Whether a block of the chosen content is clutter: negative class, ad or loading text, or a clutter shape; data tables and code stay.</summary>
    private static bool ShouldRemoveConditionally(IElement node, string tag, ExtractionAttempt attempt)
    {
        if (tag == "table" && attempt.DataTables.Contains(node))
        {
            return false;
        }

        if (HasAncestorTag(node, "table", -1, attempt.DataTables.Contains) || HasAncestorTag(node, "code", 3))
        {
            return false;
        }

        var stats = new DescendantStats();
        CollectStats(node, attempt, ref stats);
        if (stats.HasDataTable)
        {
            return false;
        }

        var (textLength, commas) = TextStats(node);
        var isList = tag is "ul" or "ol" || (textLength > 0 && (double)stats.ListTextLength / textLength > 0.9);

        var weight = ClassWeight(node, attempt);
        if (weight < 0)
        {
            return true;
        }

        if (commas >= 10)
        {
            return false;
        }

        // The ad and loading patterns match a whole short text only, so longer blocks need not be built as strings.
        if (textLength < 40 && InnerText(node) is var text && (AdWords().IsMatch(text) || LoadingWords().IsMatch(text)))
        {
            return true;
        }

        // Readability keeps a list whose items are each a single image: it is a gallery, not a block of links.
        return HasClutterShape(node, stats, textLength, weight, isList) && !(isList && IsImageList(node, stats));
    }

    /// <summary>Readability's shape tests: too many images, list items or inputs for the paragraphs, too many links, embeds, or no text.</summary>
    private static bool HasClutterShape(IElement node, in DescendantStats stats, int textLength, int weight, bool isList)
    {
        var paragraphs = stats.Paragraphs;
        var images = stats.Images;
        var listItems = stats.ListItems - 100;
        var headingDensity = textLength == 0 ? 0 : (double)stats.HeadingTextLength / textLength;
        var embeds = stats.Embeds;
        var linkDensity = textLength == 0 ? 0 : LinkLength(node) / textLength;
        var isFigureChild = HasAncestorTag(node, "figure", 3);

        return (!isFigureChild && images > 1 && (double)paragraphs / images < 0.5)
            || (!isList && listItems > paragraphs)
            || stats.Inputs > paragraphs / 3
            || (!isList && !isFigureChild && headingDensity < 0.9 && textLength < 25 && (images == 0 || images > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || (embeds == 1 && textLength < 75)
            || embeds > 1
            || (images == 0 && !HasTextishText(node));
    }

    private static bool IsImageList(IElement list, in DescendantStats stats) =>
        list.Children.All(item => item.Children.Length <= 1) && stats.Images == stats.ListItems;

    /// <summary>Whether any text-bearing descendant (paragraph, list, cell, span, ...) holds text; a block with none is layout.</summary>
    private static bool HasTextishText(INode node)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IElement element
                && ((TextishElements.Contains(element.LocalName) && HasText(element)) || (element.HasChildNodes && HasTextishText(element))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts, in one walk, what the conditional clean-up weighs: paragraphs, images, list items, inputs, embeds, list and heading text.</summary>
    private static void CollectStats(INode node, ExtractionAttempt attempt, ref DescendantStats stats)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is not IElement element)
            {
                continue;
            }

            switch (element.LocalName)
            {
                case "p":
                    stats.Paragraphs++;
                    break;
                case "img":
                    stats.Images++;
                    break;
                case "li":
                    stats.ListItems++;
                    break;
                case "input":
                    stats.Inputs++;
                    break;
                case "object" or "embed" or "iframe":
                    stats.Embeds++;
                    break;
                case "ul" or "ol":
                    stats.ListTextLength += TextLength(element);
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    stats.HeadingTextLength += TextLength(element);
                    break;
                case "table" when attempt.DataTables.Contains(element):
                    stats.HasDataTable = true;
                    break;
            }

            if (element.HasChildNodes)
            {
                CollectStats(element, attempt, ref stats);
            }
        }
    }

    private struct DescendantStats
    {
        public int Paragraphs;
        public int Images;
        public int ListItems;
        public int Inputs;
        public int Embeds;
        public int ListTextLength;
        public int HeadingTextLength;
        public bool HasDataTable;
    }

    private static void MarkDataTables(IElement root, ExtractionAttempt attempt)
    {
        foreach (var table in root.GetElementsByTagName("table"))
        {
            if (table.GetAttribute("role") == "presentation" || table.GetAttribute("datatable") == "0")
            {
                continue;
            }

            if (table.HasAttribute("summary") || table.QuerySelector("caption")?.ChildNodes.Length > 0
                || table.QuerySelector("col, colgroup, tfoot, thead, th") is not null)
            {
                attempt.DataTables.Add(table);
                continue;
            }

            if (table.QuerySelector("table") is not null)
            {
                continue;
            }

            var rows = 0;
            var columns = 0;
            foreach (var row in table.GetElementsByTagName("tr"))
            {
                rows += SpanOf(row, "rowspan");
                columns = Math.Max(columns, row.GetElementsByTagName("td").Sum(c => SpanOf(c, "colspan")));
            }

            if (rows >= 10 || columns > 4 || rows * columns > 10)
            {
                attempt.DataTables.Add(table);
            }
        }
    }

    private static int SpanOf(IElement element, string attribute) =>
        int.TryParse(element.GetAttribute(attribute), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > 0 ? span : 1;

    [GeneratedRegex(@"(\b|_)(share|sharedaddy)(\b|_)", RegexOptions.IgnoreCase)]
    private static partial Regex ShareElements();

    [GeneratedRegex(@"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdWords();

    [GeneratedRegex(@"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex LoadingWords();
}
