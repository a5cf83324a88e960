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

    internal static double LinkDensity(IElement element)
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

            length += element.LocalName == "a" ? TextLength(element) * LinkWeight(element) : LinkLength(element);
        }

        return length;
    }

    /// <summary>A link's text counts fully towards link density, an in-page anchor ("#notes") at 0.3.</summary>
    private static double LinkWeight(IElement link) =>
        link.GetAttribute("href") is { Length: > 1 } href && href[0] == '#' ? 0.3 : 1;

    /// <summary>
    /// <see cref="LinkDensity"/> of each of <paramref name="elements"/>, with every subtree walked once: an element
    /// inside another is measured during the walk of the outer one and read back, not walked again. Scoring asks for
    /// every ancestor of every scored block, up to five levels up, so measuring each alone read a block's text once for
    /// every candidate above it, and twice over (its length, then its links).
    /// </summary>
    internal static Dictionary<IElement, double> LinkDensities(List<IElement> elements)
    {
        var wanted = new HashSet<IElement>(elements, ReferenceEqualityComparer.Instance);
        var measured = new Dictionary<IElement, Subtree>(ReferenceEqualityComparer.Instance);
        var densities = new Dictionary<IElement, double>(elements.Count, ReferenceEqualityComparer.Instance);
        foreach (var element in elements)
        {
            var subtree = measured.TryGetValue(element, out var known) ? known : MeasureLinks(element, wanted, measured);
            densities[element] = subtree.Text.Length == 0 ? 0 : subtree.Links / subtree.Text.Length;
        }

        return densities;
    }

    /// <summary>The collapsed text and the link length of <paramref name="node"/>'s subtree, in the same order of sums as <see cref="LinkLength"/>.</summary>
    private static Subtree MeasureLinks(INode node, HashSet<IElement> wanted, Dictionary<IElement, Subtree> measured)
    {
        var text = TextRun.Empty;
        double links = 0;
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IText leaf)
            {
                text = text.Then(TextRun.Of(leaf.Data));
                continue;
            }

            if (!child.HasChildNodes)
            {
                continue;
            }

            if (child is not IElement element)
            {
                text = text.Then(MeasureLinks(child, wanted, measured).Text);
                continue;
            }

            var inner = measured.TryGetValue(element, out var known) ? known : MeasureLinks(element, wanted, measured);
            text = text.Then(inner.Text);
            links += element.LocalName == "a" ? inner.Text.Length * LinkWeight(element) : inner.Links;
        }

        var subtree = new Subtree(text, links);
        if (node is IElement self && wanted.Contains(self))
        {
            measured[self] = subtree;
        }

        return subtree;
    }

    private readonly record struct Subtree(TextRun Text, double Links);

    /// <summary>
    /// A stretch of text as <see cref="TextLength"/> counts it: its <paramref name="Length"/> once whitespace runs are one
    /// space and the ends trimmed, and whether whitespace comes before its first and after its last other character (for
    /// a stretch of only whitespace, both say whether it has any). Two stretches joined count one space between them when
    /// either side has whitespace there, so a subtree's length is its parts' joined.
    /// </summary>
    private readonly record struct TextRun(int Length, bool Lead, bool Trail)
    {
        public static TextRun Empty => default;

        public static TextRun Of(string data)
        {
            var state = new TextState();
            AddText(data, ref state);
            return data.Length == 0 ? Empty : new(state.Length, char.IsWhiteSpace(data[0]), char.IsWhiteSpace(data[^1]));
        }

        public TextRun Then(TextRun next)
        {
            if (Length == 0)
            {
                var lead = Lead || next.Lead;
                return new(next.Length, lead, next.Length == 0 ? lead : next.Trail);
            }

            return next.Length == 0
                ? this with { Trail = Trail || next.Lead }
                : new(Length + next.Length + (Trail || next.Lead ? 1 : 0), Lead, next.Trail);
        }
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
