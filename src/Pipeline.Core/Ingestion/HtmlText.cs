using System.Text;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

/// <summary>Flattens an HTML subtree to text blocks: one per heading, paragraph, list item, quote or table row.</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> BlockTags =
    [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ];

    private static readonly HashSet<string> Skipped = ["script", "style", "noscript", "template", "head", "title", "button", "select", "textarea", "svg", "math"];

    /// <summary>
    /// The text blocks of an HTML fragment that is an article body on its own, such as a JSON field or a Markdown HTML
    /// block: the whole fragment is kept, with no search for the main content as <see cref="HtmlExtractor.Extract(string)"/> does.
    /// </summary>
    public static List<string> FromFragment(string html)
    {
        var document = HtmlExtractor.Parser.ParseDocument("<body>" + html + "</body>");
        return document.Body is null ? [] : Blocks(document.Body);
    }

    public static List<string> Blocks(IElement root)
    {
        var blocks = new List<string>();
        var current = new StringBuilder();
        Walk(root, blocks, current);
        Flush(blocks, current);
        return blocks;
    }

    private static void Walk(INode node, List<string> blocks, StringBuilder current)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    current.Append(text.Data);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement { LocalName: "br" }:
                    Flush(blocks, current);
                    break;
                case IElement { LocalName: "tr" } row when IsSimpleRow(row):
                    Flush(blocks, current);
                    var cells = row.Children
                        .Where(c => c.LocalName is "td" or "th")
                        .Select(c => ArticleText.Collapse(c.TextContent))
                        .Where(c => c.Length > 0);
                    current.Append(string.Join(" | ", cells));
                    Flush(blocks, current);
                    break;
                case IElement element when BlockTags.Contains(element.LocalName):
                    Flush(blocks, current);
                    Walk(element, blocks, current);
                    Flush(blocks, current);
                    break;
                case IElement element:
                    Walk(element, blocks, current);
                    break;
            }
        }
    }

    private static bool IsSimpleRow(IElement row)
    {
        foreach (var cell in row.Children)
        {
            if (cell.QuerySelector("p, div, ul, ol, table, br, h1, h2, h3, h4, h5, h6, blockquote, pre") is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static void Flush(List<string> blocks, StringBuilder current)
    {
        if (current.Length == 0)
        {
            return;
        }

        var text = ArticleText.Collapse(current.ToString());
        current.Clear();
        if (text.Length > 0)
        {
            blocks.Add(text);
        }
    }
}
