using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Pipeline.Core.Ingestion;

/// <summary>
/// Reads a Markdown article with Markdig (CommonMark, with pipe tables and <c>~~strikethrough~~</c>): YAML front matter
/// is metadata (<see cref="MarkdownFrontMatter"/>), and the body becomes plain paragraphs in reading order. Paragraphs,
/// headings, list items (nested lists flattened in order), block quotes and table rows (<c>cell | cell</c>) each make a
/// paragraph; code blocks, thematic breaks and link reference definitions are dropped. Inline markup is removed: links
/// keep their text, images are dropped, raw HTML is reduced to its text. The title is the front matter's, else a
/// level-one heading ahead of any body text; that heading is not repeated as a paragraph.
/// </summary>
public static partial class MarkdownParser
{
    // A built pipeline is safe to share between threads (xoofx/markdig#69); building one per file would cost more than parsing.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .Build();

    /// <summary>True when <paramref name="text"/> opens with a <c>---</c> YAML front matter block.</summary>
    public static bool HasFrontMatter(string text) => FrontMatter().IsMatch(text);

    /// <summary>Parses <paramref name="text"/>; null when no body text is left.</summary>
    /// <exception cref="InvalidDataException">The Markdown nests deeper than any article does (quotes, lists or emphasis over 128 levels).</exception>
    public static ParsedArticle? Parse(string text, string name)
    {
        MarkdownDocument document;
        if (QuoteDepth(text) > Pipeline.MaximumNestingDepth || ListIndent(text) > 4 * Pipeline.MaximumNestingDepth)
        {
            // Found before Markdig builds the tree: 100,000 nested quotes took it about 2 s to refuse, 1,000 nested lists 20 s (issue #12).
            throw new InvalidDataException($"The Markdown nests deeper than {Pipeline.MaximumNestingDepth} levels (quotes, lists or emphasis), which no article does.");
        }

        try
        {
            document = Markdown.Parse(text.TrimStart('\uFEFF'), Pipeline);
        }
        catch (ArgumentException ex)
        {
            // Markdig refuses a tree deeper than its limit rather than risk the stack; the same file always fails.
            throw new InvalidDataException($"The Markdown nests deeper than {Pipeline.MaximumNestingDepth} levels (quotes, lists or emphasis), which no article does.", ex);
        }

        var metadata = document.OfType<YamlFrontMatterBlock>().FirstOrDefault() is { } frontMatter
            ? MarkdownFrontMatter.Read(frontMatter.Lines.ToString())
            : ArticleMetadata.Empty;

        var body = new Body(metadata.Title);
        body.Add(document, depth: 0);
        metadata = ArticleText.LiftBylineAndDate(body.Paragraphs, metadata);
        return ArticleText.ToArticle(body.Paragraphs, ArticleFormat.Markdown, metadata, name, body.Heading);
    }

    /// <summary>The paragraphs of a document as its blocks are walked, and the heading taken as its title.</summary>
    private sealed class Body(string? declaredTitle)
    {
        private bool _titlePlaced;

        public List<string> Paragraphs { get; } = [];

        /// <summary>The level-one heading that opens the body, when the front matter has no title.</summary>
        public string? Heading { get; private set; }

        public void Add(ContainerBlock container, int depth)
        {
            foreach (var block in container)
            {
                switch (block)
                {
                    // Code (fenced, indented, and the front matter Markdig parses as a kind of code) is not prose to summarise.
                    case CodeBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                        break;
                    case HeadingBlock heading:
                        AddHeading(Text(heading.Inline), heading.Level, depth);
                        break;
                    case HtmlBlock html:
                        Paragraphs.AddRange(HtmlText.FromFragment(html.Lines.ToString()));
                        break;
                    case Table table:
                        foreach (var row in table.OfType<TableRow>())
                        {
                            AddParagraph(string.Join(" | ", row.OfType<TableCell>().Select(CellText).Where(c => c.Length > 0)));
                        }

                        break;
                    case LeafBlock leaf:
                        AddParagraph(Text(leaf.Inline));
                        break;
                    case ContainerBlock inner:
                        Add(inner, depth + 1);
                        break;
                }
            }
        }

        private void AddHeading(string text, int level, int depth)
        {
            if (text.Length == 0)
            {
                return;
            }

            // Only a level-one heading that opens the document is its title; one further down starts a section.
            if (!_titlePlaced && level == 1 && depth == 0 && Paragraphs.Count == 0)
            {
                _titlePlaced = true;
                if (declaredTitle is null)
                {
                    Heading = text;
                    return;
                }

                if (SameTitle(text, declaredTitle))
                {
                    return;
                }
            }

            AddParagraph(text);
        }

        private void AddParagraph(string text)
        {
            if (text.Length > 0)
            {
                Paragraphs.Add(text);
            }
        }

        private static bool SameTitle(string heading, string title) =>
            string.Equals(TextFolding.FoldQuotes(heading), TextFolding.FoldQuotes(ArticleText.Collapse(title)), StringComparison.OrdinalIgnoreCase);

        private static string CellText(TableCell cell) =>
            ArticleText.Collapse(string.Join(' ', cell.OfType<LeafBlock>().Select(l => Text(l.Inline))));
    }

    /// <summary>The text of a block's inlines with the markup removed and whitespace collapsed.</summary>
    private static string Text(ContainerInline? inlines)
    {
        if (inlines is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Append(inlines, text);
        return ArticleText.Collapse(text.ToString());
    }

    private static void Append(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline link:
                    text.Append(link.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;

                // A line break, hard or soft, goes on within the same paragraph; so does an inline <br>.
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlInline html:
                    text.Append(BreakTag().IsMatch(html.Tag) ? " " : string.Empty);
                    break;

                // Alt text describes a picture the reader does not see here; in a summary it reads as a stray sentence.
                case LinkInline { IsImage: true }:
                    break;
                case DelimiterInline delimiter:
                    text.Append(delimiter.ToLiteral());
                    break;
                case ContainerInline children:
                    Append(children, text);
                    break;
            }
        }
    }

    [GeneratedRegex(@"\A\uFEFF?---[ \t]*\r?\n(.*?)\r?\n(---|\.\.\.)[ \t]*(\r?\n|\z)", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"^<br\b", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();

    /// <summary>The most <c>&gt;</c> quote markers that open any one line (spaces between them allowed).</summary>
    private static int QuoteDepth(string text)
    {
        var deepest = 0;
        var depth = 0;
        var lineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                (depth, lineStart) = (0, true);
            }
            else if (lineStart && c == '>')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is not (' ' or '\t' or '\r'))
            {
                lineStart = false;
            }
        }

        return deepest;
    }

    /// <summary>The deepest indentation (in characters) of a line that starts a list item; more than four per level is never needed.</summary>
    private static int ListIndent(string text)
    {
        var deepest = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var content = line.TrimStart(" \t");
            var indent = line.Length - content.Length;
            if (indent > deepest && content.Length > 1 && (content[0] is '-' or '*' or '+' || char.IsAsciiDigit(content[0])))
            {
                deepest = indent;
            }
        }

        return deepest;
    }
}
