using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Finds the main content of a web page the way a browser's reader view does (after Mozilla Readability):
/// clutter is stripped, blocks are scored by their text length and commas, scores flow to ancestors, class and id
/// names weigh in, link-heavy blocks are discounted, the best candidate and its like-scored siblings are kept,
/// and the result is cleaned of leftover widgets. The page is parsed once; each retry works on a copy of its body.
/// </summary>
public sealed partial class HtmlExtractor
{
    private const int CharThreshold = 500;
    private const int TopCandidateCount = 5;

    /// <summary>Real pages nest a few dozen levels deep; past this, scoring every level would cost time quadratic in depth.</summary>
    private const int MaxDepth = 256;

    // AngleSharp's maintainer advises one parser (and browsing context) per thread rather than sharing one across threads.
    [ThreadStatic]
    private static HtmlParser? t_parser;

    private static readonly HashSet<string> TagsToScore = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];
    private static readonly HashSet<string> DivToPElements = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"];
    private static readonly HashSet<string> AlterToDivExceptions = ["div", "article", "section", "p", "ol", "ul"];
    private static readonly HashSet<string> UnlikelyRoles = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];
    private static readonly HashSet<string> PhrasingElements =
    [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img", "input",
        "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp", "script",
        "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    ];

    private static readonly HashSet<string> TextishElements = ["span", "li", "td", .. DivToPElements];

    private readonly Dictionary<IElement, double> _scores = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IElement> _dataTables = new(ReferenceEqualityComparer.Instance);
    private Flags _flags;
    private string? _title;
    private string? _domByline;

    [Flags]
    private enum Flags
    {
        None = 0,
        StripUnlikelys = 1,
        WeightClasses = 2,
        CleanConditionally = 4,
    }

    /// <summary>This thread's HTML parser, with scripting off so that &lt;noscript&gt; content is parsed as markup.</summary>
    internal static HtmlParser Parser => t_parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false });

    /// <summary>Extracts the main text and metadata of <paramref name="html"/>; null when the page has no readable text.</summary>
    public static HtmlExtraction? Extract(string html) => new HtmlExtractor().Run(html);

    private HtmlExtraction? Run(string html)
    {
        var document = Parser.ParseDocument(html);
        var metadata = HtmlMetadataReader.Read(document);
        _title = metadata.Title;

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

        // Each attempt mutates the page, so a retry starts again from a copy taken before the first one.
        var pristine = body.Clone(deep: true);
        var attempts = new List<(IElement Content, int Length)>();
        _flags = Flags.StripUnlikelys | Flags.WeightClasses | Flags.CleanConditionally;
        var page = body;
        for (var attempt = 0; ; attempt++)
        {
            _scores.Clear();
            _dataTables.Clear();
            _domByline = null;
            if (attempt > 0)
            {
                var copy = (IElement)pristine.Clone(deep: true);
                page.Replace(copy);
                page = copy;
            }

            var content = GrabArticle(document, page);
            var length = content is null ? 0 : TextLength(content);
            if (content is not null && length >= CharThreshold)
            {
                return Finish(content, metadata);
            }

            if (content is not null)
            {
                attempts.Add((content, length));
            }

            if (_flags.HasFlag(Flags.StripUnlikelys))
            {
                _flags &= ~Flags.StripUnlikelys;
            }
            else if (_flags.HasFlag(Flags.WeightClasses))
            {
                _flags &= ~Flags.WeightClasses;
            }
            else if (_flags.HasFlag(Flags.CleanConditionally))
            {
                _flags &= ~Flags.CleanConditionally;
            }
            else
            {
                var best = attempts.OrderByDescending(a => a.Length).FirstOrDefault();
                return best.Length == 0 ? null : Finish(best.Content, metadata);
            }
        }
    }

    private HtmlExtraction Finish(IElement content, ArticleMetadata metadata)
    {
        var paragraphs = HtmlText.Blocks(content);
        return new HtmlExtraction(paragraphs, metadata with { Byline = CleanByline(metadata.Byline) ?? CleanByline(_domByline) });
    }

    /// <summary>"By Jane Doe - Apr 16, 2015 8:02 pm" becomes "Jane Doe": no lead-in word, no date or age after a separator.</summary>
    internal static string? CleanByline(string? byline)
    {
        if (byline is null)
        {
            return null;
        }

        var text = HtmlText.Collapse(byline);
        text = BylinePrefix().Replace(text, string.Empty);
        text = BylineTail().Replace(text, string.Empty);
        text = text.Trim().TrimEnd('—', '–', '-', '|', '·', ',', ':').Trim();
        return text.Length == 0 || !text.Any(char.IsLetter) || DateLike().IsMatch(text) ? null : text;
    }

    private IElement? GrabArticle(IDocument document, IElement page)
    {
        var elementsToScore = new List<IElement>();
        var shouldRemoveTitleHeader = true;
        var node = (IElement?)document.DocumentElement;

        while (node is not null)
        {
            if (!IsProbablyVisible(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (node.GetAttribute("aria-modal") == "true" && node.GetAttribute("role") == "dialog")
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (node.LocalName is "nav" or "dialog")
            {
                // Navigation and dialogs are never the article; a reader view drops them outright.
                node = RemoveAndGetNext(node);
                continue;
            }

            if (_domByline is null && IsValidByline(node))
            {
                // A byline block often wraps the name in itemprop="name" beside dates and labels; the name is the byline.
                _domByline = (node.QuerySelector("[itemprop*='name']") ?? node).TextContent;
                node = RemoveAndGetNext(node);
                continue;
            }

            if (shouldRemoveTitleHeader && HeaderDuplicatesTitle(node))
            {
                shouldRemoveTitleHeader = false;
                node = RemoveAndGetNext(node);
                continue;
            }

            if (_flags.HasFlag(Flags.StripUnlikelys))
            {
                if (Matches(UnlikelyCandidates(), node) && !Matches(MaybeCandidate(), node)
                    && !HasAncestorTag(node, "table") && !HasAncestorTag(node, "code")
                    && node.LocalName is not ("body" or "a"))
                {
                    node = RemoveAndGetNext(node);
                    continue;
                }

                if (node.GetAttribute("role") is { } role && UnlikelyRoles.Contains(role))
                {
                    node = RemoveAndGetNext(node);
                    continue;
                }
            }

            if (node.LocalName is "div" or "section" or "header" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
                && IsElementWithoutContent(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (TagsToScore.Contains(node.LocalName))
            {
                elementsToScore.Add(node);
            }

            if (node.LocalName == "div")
            {
                WrapPhrasingContent(document, node);
                if (HasSingleTagInsideElement(node, "p") && LinkDensity(node) < 0.25)
                {
                    var child = node.Children[0];
                    node.Replace(child);
                    node = child;
                    elementsToScore.Add(node);
                }
                else if (!HasChildBlockElement(node))
                {
                    node = SetNodeTag(node, "p");
                    elementsToScore.Add(node);
                }
            }

            node = NextNode(node, ignoreSelfAndKids: false);
        }

        var candidates = new List<IElement>();
        foreach (var element in elementsToScore)
        {
            if (element.ParentElement is null)
            {
                continue;
            }

            var (length, commas) = TextStats(element);
            if (length < 25)
            {
                continue;
            }

            var score = 1.0 + commas + 1 + Math.Min(length / 100, 3);
            var level = 0;
            for (var ancestor = element.ParentElement; ancestor is not null && level < 5; ancestor = ancestor.ParentElement, level++)
            {
                if (ancestor.ParentElement is null)
                {
                    break;
                }

                if (!_scores.ContainsKey(ancestor))
                {
                    InitializeNode(ancestor);
                    candidates.Add(ancestor);
                }

                var divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                _scores[ancestor] += score / divider;
            }
        }

        var top = new List<IElement>(TopCandidateCount + 1);
        foreach (var candidate in candidates)
        {
            var score = _scores[candidate] * (1 - LinkDensity(candidate));
            _scores[candidate] = score;
            var at = top.FindIndex(t => score > _scores[t]);
            if (at < 0 && top.Count < TopCandidateCount)
            {
                top.Add(candidate);
            }
            else if (at >= 0)
            {
                top.Insert(at, candidate);
                if (top.Count > TopCandidateCount)
                {
                    top.RemoveAt(top.Count - 1);
                }
            }
        }

        var topCandidate = top.Count > 0 ? top[0] : null;
        IElement parentOfTop;
        if (topCandidate is null || topCandidate.LocalName == "body")
        {
            topCandidate = document.CreateElement("div");
            while (page.FirstChild is { } child)
            {
                topCandidate.AppendChild(child);
            }

            page.AppendChild(topCandidate);
            InitializeNode(topCandidate);
            parentOfTop = page;
        }
        else
        {
            var topScore = _scores[topCandidate];
            var alternatives = new List<HashSet<IElement>>();
            for (var i = 1; i < top.Count; i++)
            {
                if (_scores[top[i]] / topScore >= 0.75)
                {
                    alternatives.Add(Ancestors(top[i]));
                }
            }

            const int minimumTopCandidates = 3;
            if (alternatives.Count >= minimumTopCandidates)
            {
                for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
                {
                    if (alternatives.Count(a => a.Contains(parent)) >= minimumTopCandidates)
                    {
                        topCandidate = parent;
                        break;
                    }
                }
            }

            if (!_scores.ContainsKey(topCandidate))
            {
                InitializeNode(topCandidate);
            }

            var lastScore = _scores[topCandidate];
            var threshold = lastScore / 3;
            for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
            {
                if (!_scores.TryGetValue(parent, out var parentScore))
                {
                    continue;
                }

                if (parentScore < threshold)
                {
                    break;
                }

                if (parentScore > lastScore)
                {
                    topCandidate = parent;
                    break;
                }

                lastScore = parentScore;
            }

            for (var parent = topCandidate.ParentElement; parent is not null && parent.LocalName != "body" && parent.Children.Length == 1; parent = topCandidate.ParentElement)
            {
                topCandidate = parent;
            }

            if (!_scores.ContainsKey(topCandidate))
            {
                InitializeNode(topCandidate);
            }

            parentOfTop = topCandidate.ParentElement ?? page;
        }

        var article = document.CreateElement("div");
        var topCandidateScore = _scores[topCandidate];
        var siblingThreshold = Math.Max(10, topCandidateScore * 0.2);
        var topClass = topCandidate.ClassName ?? string.Empty;
        foreach (var sibling in parentOfTop.Children.ToList())
        {
            var append = ReferenceEquals(sibling, topCandidate);
            if (!append)
            {
                var bonus = topClass.Length > 0 && sibling.ClassName == topClass ? topCandidateScore * 0.2 : 0;
                if (_scores.TryGetValue(sibling, out var siblingScore) && siblingScore + bonus >= siblingThreshold)
                {
                    append = true;
                }
                else if (sibling.LocalName == "p")
                {
                    var density = LinkDensity(sibling);
                    var length = TextLength(sibling);
                    append = (length > 80 && density < 0.25)
                        || (length is > 0 and < 80 && density == 0 && SentenceEnd().IsMatch(InnerText(sibling)));
                }
            }

            if (append)
            {
                var moved = AlterToDivExceptions.Contains(sibling.LocalName) ? sibling : SetNodeTag(sibling, "div");
                article.AppendChild(moved);
            }
        }

        PrepArticle(article);
        return article;
    }

    private void PrepArticle(IElement article)
    {
        MarkDataTables(article);
        CleanConditionally(article, "form");
        CleanConditionally(article, "fieldset");
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
            if (ClassWeight(header) < 0)
            {
                header.Remove();
            }
        }

        CleanConditionally(article, "table");
        CleanConditionally(article, "ul");
        CleanConditionally(article, "div");

        foreach (var paragraph in article.GetElementsByTagName("p").ToList())
        {
            if (paragraph.QuerySelector("img, embed, object, iframe") is null && string.IsNullOrWhiteSpace(paragraph.TextContent))
            {
                paragraph.Remove();
            }
        }
    }

    private void CleanConditionally(IElement root, string tag)
    {
        if (!_flags.HasFlag(Flags.CleanConditionally))
        {
            return;
        }

        foreach (var node in root.GetElementsByTagName(tag).Reverse().ToList())
        {
            if (ShouldRemoveConditionally(node, tag))
            {
                node.Remove();
            }
        }
    }

    private bool ShouldRemoveConditionally(IElement node, string tag)
    {
        if (tag == "table" && _dataTables.Contains(node))
        {
            return false;
        }

        if (HasAncestorTag(node, "table", -1, _dataTables.Contains) || HasAncestorTag(node, "code", 3))
        {
            return false;
        }

        var stats = new DescendantStats();
        CollectStats(node, ref stats);
        if (stats.HasDataTable)
        {
            return false;
        }

        var (textLength, commas) = TextStats(node);
        var isList = tag is "ul" or "ol" || (textLength > 0 && (double)stats.ListTextLength / textLength > 0.9);

        var weight = ClassWeight(node);
        if (weight < 0)
        {
            return true;
        }

        if (commas >= 10)
        {
            return false;
        }

        var paragraphs = stats.Paragraphs;
        var images = stats.Images;
        var listItems = stats.ListItems - 100;
        var headingDensity = textLength == 0 ? 0 : (double)stats.HeadingTextLength / textLength;
        var embeds = stats.Embeds;

        // The ad and loading patterns match a whole short text only, so longer blocks need not be built as strings.
        if (textLength < 40 && InnerText(node) is var text && (AdWords().IsMatch(text) || LoadingWords().IsMatch(text)))
        {
            return true;
        }

        var contentLength = textLength;
        var linkDensity = textLength == 0 ? 0 : LinkLength(node) / textLength;
        var isFigureChild = HasAncestorTag(node, "figure", 3);

        var remove =
            (!isFigureChild && images > 1 && (double)paragraphs / images < 0.5)
            || (!isList && listItems > paragraphs)
            || stats.Inputs > paragraphs / 3
            || (!isList && !isFigureChild && headingDensity < 0.9 && contentLength < 25 && (images == 0 || images > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || (embeds == 1 && contentLength < 75)
            || embeds > 1
            || (images == 0 && !HasTextishText(node));

        if (isList && remove)
        {
            foreach (var child in node.Children)
            {
                if (child.Children.Length > 1)
                {
                    return remove;
                }
            }

            if (images == stats.ListItems)
            {
                return false;
            }
        }

        return remove;
    }

    /// <summary>Whether any text-bearing descendant (paragraph, list, cell, span, ...) holds text; a block with none is layout.</summary>
    private static bool HasTextishText(INode node)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IElement element
                && ((TextishElements.Contains(element.LocalName) && HasText(element)) || (element.HasChildNodes && HasTextishText(element))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts, in one walk, what the conditional clean-up weighs: paragraphs, images, list items, inputs, embeds, list and heading text.</summary>
    private void CollectStats(INode node, ref DescendantStats stats)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
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
                case "table" when _dataTables.Contains(element):
                    stats.HasDataTable = true;
                    break;
            }

            if (element.HasChildNodes)
            {
                CollectStats(element, ref stats);
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

    private void MarkDataTables(IElement root)
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
                _dataTables.Add(table);
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
                _dataTables.Add(table);
            }
        }
    }

    private static int SpanOf(IElement element, string attribute) =>
        int.TryParse(element.GetAttribute(attribute), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var span) && span > 0 ? span : 1;

    private void InitializeNode(IElement node)
    {
        var score = node.LocalName switch
        {
            "div" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        _scores[node] = score + ClassWeight(node);
    }

    private int ClassWeight(IElement node)
    {
        if (!_flags.HasFlag(Flags.WeightClasses))
        {
            return 0;
        }

        var weight = 0;
        if (node.ClassName is { Length: > 0 } className)
        {
            weight += NegativeNames().IsMatch(className) ? -25 : 0;
            weight += PositiveNames().IsMatch(className) ? 25 : 0;
        }

        if (node.Id is { Length: > 0 } id)
        {
            weight += NegativeNames().IsMatch(id) ? -25 : 0;
            weight += PositiveNames().IsMatch(id) ? 25 : 0;
        }

        return weight;
    }

    private static double LinkDensity(IElement element)
    {
        var textLength = TextLength(element);
        return textLength == 0 ? 0 : LinkLength(element) / textLength;
    }

    private static double LinkLength(INode node)
    {
        double length = 0;
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
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

    /// <summary>Length of the element's text with whitespace runs collapsed and ends trimmed, without building it.</summary>
    internal static int TextLength(INode node) => TextStats(node).Length;

    /// <summary>Collapsed text length and comma count of a subtree in one walk over its text nodes.</summary>
    private static (int Length, int Commas) TextStats(INode node)
    {
        var state = new TextState();
        Accumulate(node, ref state);
        return (state.Length, state.Commas);
    }

    private static void Accumulate(INode node, ref TextState state)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IText text)
            {
                foreach (var c in text.Data)
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
            else if (child.HasChildNodes)
            {
                Accumulate(child, ref state);
            }
        }
    }

    private static bool HasText(INode node)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IText text ? !string.IsNullOrWhiteSpace(text.Data) : child.HasChildNodes && HasText(child))
            {
                return true;
            }
        }

        return false;
    }

    private struct TextState
    {
        public int Length;
        public int Commas;
        public bool PendingSpace;
    }

    private HashSet<IElement> Ancestors(IElement element)
    {
        var set = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            set.Add(parent);
        }

        return set;
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

    private bool HeaderDuplicatesTitle(IElement node)
    {
        if (node.LocalName is not ("h1" or "h2") || string.IsNullOrEmpty(_title))
        {
            return false;
        }

        var heading = InnerText(node);

        // Word-token similarity says little for scripts written without spaces (Chinese, Japanese), so a heading that
        // makes up most of the title counts as a duplicate too.
        return TextSimilarity(_title, heading) > 0.75
            || (heading.Length >= 8 && heading.Length * 2 >= _title.Length && _title.Contains(heading, StringComparison.OrdinalIgnoreCase));
    }

    internal static double TextSimilarity(string a, string b)
    {
        var tokensA = WordSplit().Split(a.ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        var tokensB = WordSplit().Split(b.ToLowerInvariant()).Where(t => t.Length > 0).ToList();
        if (tokensA.Count == 0 || tokensB.Count == 0)
        {
            return 0;
        }

        var unique = string.Join(' ', tokensB.Where(t => !tokensA.Contains(t)));
        var distance = (double)unique.Length / string.Join(' ', tokensB).Length;
        return 1 - distance;
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

    /// <summary>Whether the class or id matches; the patterns hold no spaces, so this equals matching "class id".</summary>
    private static bool Matches(Regex regex, IElement node) =>
        (node.ClassName is { Length: > 0 } className && regex.IsMatch(className))
        || (node.Id is { Length: > 0 } id && regex.IsMatch(id));

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

            for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
            {
                stack.Push((child, depth + 1));
            }
        }
    }

    /// <summary>Two or more &lt;br&gt; in a row separate paragraphs: turn the text after them into a &lt;p&gt;.</summary>
    private void ReplaceBrs(IElement body)
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

    private IElement SetNodeTag(IElement node, string tag)
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
        if (_scores.Remove(node, out var score))
        {
            _scores[replacement] = score;
        }

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

    /// <summary>The element's text with runs of whitespace collapsed to one space and the ends trimmed.</summary>
    internal static string InnerText(IElement element) => HtmlText.Collapse(element.TextContent);

    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase)]
    private static partial Regex UnlikelyCandidates();

    [GeneratedRegex("and|article|body|column|content|main|mathjax|shadow", RegexOptions.IgnoreCase)]
    private static partial Regex MaybeCandidate();

    [GeneratedRegex("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveNames();

    [GeneratedRegex("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeNames();

    [GeneratedRegex("byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase)]
    private static partial Regex BylineNames();

    [GeneratedRegex(@"(\b|_)(share|sharedaddy)(\b|_)", RegexOptions.IgnoreCase)]
    private static partial Regex ShareElements();

    [GeneratedRegex(@"^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdWords();

    [GeneratedRegex(@"^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex LoadingWords();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"\.( |$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\W+")]
    private static partial Regex WordSplit();

    [GeneratedRegex(@"^(by|from|written by|posted by|words by)\b\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"(\s+[-–—|·]\s+.*\d.*|\s+\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex BylineTail();

    [GeneratedRegex(@"^\W*((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})", RegexOptions.IgnoreCase)]
    private static partial Regex DateLike();
}

/// <summary>What <see cref="HtmlExtractor"/> found on a page: the main text as blocks, and the page's metadata.</summary>
/// <param name="Paragraphs">Headings, paragraphs, list items, quotes and table rows of the main content, in reading order.</param>
/// <param name="Metadata">Title, byline, date, site, canonical URL and language.</param>
public sealed record HtmlExtraction(IReadOnlyList<string> Paragraphs, ArticleMetadata Metadata);
