using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    /// <summary>Real pages nest a few dozen levels deep; past this, scoring every level would cost time quadratic in depth.</summary>
    private const int MaxDepth = 256;

    private static readonly HashSet<string> PhrasingElements =
    [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img", "input",
        "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp", "script",
        "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    ];

    /// <summary>Removes what never holds text (scripts, styles), flattens absurd nesting, turns &lt;br&gt; runs into paragraphs; null without a body.</summary>
    private static IElement? PrepareDocument(IDocument document)
    {
        RemoveAll(document, "script", "noscript", "style", "template");
        IElement? body = document.Body;
        if (body is null)
        {
            return null;
        }

        FlattenDeepNesting(body);
        ReplaceBrs(body);
        foreach (var font in body.GetElementsByTagName("font").ToList())
        {
            SetNodeTag(font, "span");
        }

        return body;
    }

    /// <summary>Replaces every element nested deeper than <see cref="MaxDepth"/> with its text, keeping the words.</summary>
    private static void FlattenDeepNesting(IElement body)
    {
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((body, 0));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (depth >= MaxDepth)
            {
                element.TextContent = element.TextContent;
                continue;
            }

            // By index, as the read-only walks do (HtmlExtractor.Dom): NextElementSibling scans the parent's children.
            var children = element.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                if (children[i] is IElement child)
                {
                    stack.Push((child, depth + 1));
                }
            }
        }
    }

    /// <summary>Two or more &lt;br&gt; in a row separate paragraphs: turn the text after them into a &lt;p&gt;.</summary>
    private static void ReplaceBrs(IElement body)
    {
        var document = body.Owner!;
        foreach (var br in body.GetElementsByTagName("br").ToList())
        {
            if (br.Parent is null)
            {
                continue;
            }

            var next = SkipWhitespace(br.NextSibling);
            var replaced = false;
            while (next is IElement { LocalName: "br" })
            {
                replaced = true;
                var after = next.NextSibling;
                next.RemoveFromParent();
                next = SkipWhitespace(after);
            }

            if (!replaced)
            {
                continue;
            }

            var paragraph = document.CreateElement("p");
            br.Replace(paragraph);
            var sibling = paragraph.NextSibling;
            while (sibling is not null)
            {
                if (sibling is IElement { LocalName: "br" } && SkipWhitespace(sibling.NextSibling) is IElement { LocalName: "br" })
                {
                    break;
                }

                if (!IsPhrasingContent(sibling))
                {
                    break;
                }

                var following = sibling.NextSibling;
                paragraph.AppendChild(sibling);
                sibling = following;
            }

            TrimTrailingWhitespace(paragraph);
            if (paragraph.ParentElement is { LocalName: "p" } parent)
            {
                SetNodeTag(parent, "div");
            }
        }
    }

    private static INode? SkipWhitespace(INode? node)
    {
        while (node is not null && node.NodeType != NodeType.Element && string.IsNullOrWhiteSpace(node.TextContent))
        {
            node = node.NextSibling;
        }

        return node;
    }

    private static bool IsPhrasingContent(INode node)
    {
        if (node.NodeType == NodeType.Text)
        {
            return true;
        }

        if (node is not IElement element)
        {
            return node.NodeType == NodeType.Comment;
        }

        if (PhrasingElements.Contains(element.LocalName))
        {
            return true;
        }

        return element.LocalName is "a" or "del" or "ins" && element.ChildNodes.All(IsPhrasingContent);
    }

    private static bool IsWhitespace(INode node) =>
        (node.NodeType == NodeType.Text && string.IsNullOrWhiteSpace(node.TextContent))
        || (node is IElement { LocalName: "br" });

    private static void WrapPhrasingContent(IDocument document, IElement div)
    {
        IElement? paragraph = null;
        var child = div.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            if (IsPhrasingContent(child))
            {
                if (paragraph is not null)
                {
                    paragraph.AppendChild(child);
                }
                else if (!IsWhitespace(child))
                {
                    paragraph = document.CreateElement("p");
                    div.ReplaceChild(paragraph, child);
                    paragraph.AppendChild(child);
                }
            }
            else if (paragraph is not null)
            {
                TrimTrailingWhitespace(paragraph);
                paragraph = null;
            }

            child = next;
        }

        if (paragraph is not null)
        {
            TrimTrailingWhitespace(paragraph);
        }
    }

    private static void TrimTrailingWhitespace(IElement paragraph)
    {
        while (paragraph.LastChild is { } last && IsWhitespace(last))
        {
            paragraph.RemoveChild(last);
        }
    }
}
