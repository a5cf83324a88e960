using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

public sealed partial class HtmlExtractor
{
    /// <summary>The element's text with runs of whitespace collapsed to one space and the ends trimmed.</summary>
    internal static string InnerText(IElement element) => ArticleText.Collapse(element.TextContent);

    /// <summary>Length of the element's text with whitespace runs collapsed and ends trimmed, without building it.</summary>
    internal static int TextLength(INode node) => TextStats(node).Length;

    /// <summary>Collapsed text length and comma count of a subtree in one walk over its text nodes.</summary>
    private static (int Length, int Commas) TextStats(INode node)
    {
        var state = new TextState();
        Accumulate(node, ref state);
        return (state.Length, state.Commas);
    }

    // The walks that only read the tree index ChildNodes: AngleSharp finds a node's NextSibling by scanning its parent's
    // children from the start, so following NextSibling through a wide parent costs time quadratic in its width.
    private static void Accumulate(INode node, ref TextState state)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IText text)
            {
                AddText(text.Data, ref state);
            }
            else if (child.HasChildNodes)
            {
                Accumulate(child, ref state);
            }
        }
    }

    /// <summary>Counts <paramref name="data"/> into <paramref name="state"/> as if whitespace runs were one space and the ends trimmed.</summary>
    private static void AddText(string data, ref TextState state)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                state.PendingSpace = state.Length > 0;
                continue;
            }

            if (state.PendingSpace)
            {
                state.Length++;
                state.PendingSpace = false;
            }

            state.Length++;
            if (c is ',' or '\u060C' or '\uFE50' or '\uFE10' or '\uFE11' or '\u2E41' or '\u2E34' or '\u2E32' or '\uFF0C')
            {
                state.Commas++;
            }
        }
    }

    private struct TextState
    {
        public int Length;
        public int Commas;
        public bool PendingSpace;
    }

    private static bool HasText(INode node)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IText text ? !string.IsNullOrWhiteSpace(text.Data) : child.HasChildNodes && HasText(child))
            {
                return true;
            }
        }

        return false;
    }

    private static double LinkDensity(IElement element)
    {
        var textLength = TextLength(element);
        return textLength == 0 ? 0 : LinkLength(element) / textLength;
    }

    private static double LinkLength(INode node)
    {
        double length = 0;
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is not IElement element)
            {
                continue;
            }

            if (element.LocalName == "a")
            {
                var href = element.GetAttribute("href");
                var coefficient = href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1;
                length += TextLength(element) * coefficient;
            }
            else
            {
                length += LinkLength(element);
            }
        }

        return length;
    }

    /// <summary>Whether the class or id matches; the patterns hold no spaces, so this equals matching "class id".</summary>
    private static bool Matches(Regex regex, IElement node) =>
        (node.ClassName is { Length: > 0 } className && regex.IsMatch(className))
        || (node.Id is { Length: > 0 } id && regex.IsMatch(id));

    private static IElement SetNodeTag(IElement node, string tag)
    {
        var replacement = node.Owner!.CreateElement(tag);
        while (node.FirstChild is { } child)
        {
            replacement.AppendChild(child);
        }

        foreach (var attribute in node.Attributes.ToList())
        {
            try
            {
                replacement.SetAttribute(attribute.Name, attribute.Value);
            }
            catch (DomException)
            {
                // An attribute name HTML tolerates but the DOM API refuses; it carries no text.
            }
        }

        node.Parent?.ReplaceChild(replacement, node);
        return replacement;
    }

    private static IElement? NextNode(IElement node, bool ignoreSelfAndKids)
    {
        if (!ignoreSelfAndKids && node.FirstElementChild is { } first)
        {
            return first;
        }

        if (node.NextElementSibling is { } sibling)
        {
            return sibling;
        }

        for (var parent = node.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (parent.NextElementSibling is { } next)
            {
                return next;
            }
        }

        return null;
    }

    private static IElement? RemoveAndGetNext(IElement node)
    {
        var next = NextNode(node, ignoreSelfAndKids: true);
        node.Remove();
        return next;
    }

    private static bool HasAncestorTag(IElement node, string tag, int maxDepth = 3, Func<IElement, bool>? filter = null)
    {
        var depth = 0;
        for (var parent = node.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (maxDepth > 0 && depth > maxDepth)
            {
                return false;
            }

            if (parent.LocalName == tag && (filter is null || filter(parent)))
            {
                return true;
            }

            depth++;
        }

        return false;
    }

    private static void RemoveAll(IParentNode root, params string[] tags)
    {
        foreach (var element in root.QuerySelectorAll(string.Join(", ", tags)).ToList())
        {
            element.Remove();
        }
    }
}
