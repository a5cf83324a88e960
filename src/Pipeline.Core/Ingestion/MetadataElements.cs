using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// The elements a page's metadata and lead paragraph are read from (meta tags, scripts, links, time elements and the
/// first title), gathered in one walk over the page in document order. Each selector query walks the whole page when
/// nothing matches, and the metadata reader and the lead search made up to ten of them, which cost more than reading
/// what they found. <see cref="First"/> matches the same selectors over the gathered elements, so the answers are the
/// ones <c>QuerySelector</c> gives.
/// </summary>
internal sealed class MetadataElements
{
    private MetadataElements()
    {
    }

    public List<IElement> Metas { get; } = [];

    public List<IElement> Scripts { get; } = [];

    public List<IElement> Links { get; } = [];

    public List<IElement> Times { get; } = [];

    /// <summary>The first title element, wherever it is (an SVG title counts, as it does for <c>QuerySelector("title")</c>).</summary>
    public IElement? Title { get; private set; }

    /// <summary>Walks <paramref name="document"/> once, in document order, with a stack of its own (pages can nest thousands deep).</summary>
    public static MetadataElements Of(IDocument document)
    {
        var found = new MetadataElements();
        var pending = new Stack<IElement>();
        if (document.DocumentElement is { } root)
        {
            pending.Push(root);
        }

        while (pending.TryPop(out var element))
        {
            found.Note(element);

            // Children by index, last first, so the first is read next; following NextSibling scans the parent's children.
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is IElement child)
                {
                    pending.Push(child);
                }
            }
        }

        return found;
    }

    /// <summary>Parses a selector once, to be matched against gathered elements.</summary>
    public static ISelector Selector(string text) =>
        new CssSelectorParser().ParseSelector(text) ?? throw new ArgumentException($"'{text}' is not a CSS selector.", nameof(text));

    /// <summary>The first of <paramref name="elements"/> (in document order) that <paramref name="selector"/> matches.</summary>
    public static IElement? First(List<IElement> elements, ISelector selector) =>
        elements.Find(element => selector.Match(element, scope: null));

    private void Note(IElement element)
    {
        switch (element.LocalName)
        {
            case "meta":
                Metas.Add(element);
                break;
            case "script":
                Scripts.Add(element);
                break;
            case "link":
                Links.Add(element);
                break;
            case "time":
                Times.Add(element);
                break;
            case "title":
                Title ??= element;
                break;
        }
    }
}
