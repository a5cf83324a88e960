using System.Text;

namespace Pipeline.Core.Alerts;

/// <summary>
/// Writes a query node back as canonical text: folded lower-case words, <c>"quoted phrases"</c>, compounds joined by
/// hyphens, fields as <c>title:</c>, exclusions as <c>-x</c>, AND as a space, and OR groups inside an AND in
/// parentheses for the reader's sake. Parsing the result gives the same node.
/// </summary>
public static class AlertQueryPrinter
{
    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string Print(AlertQueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Write(node, text, nested: false);
        return text.ToString();
    }

    private static void Write(AlertQueryNode node, StringBuilder text, bool nested)
    {
        switch (node)
        {
            case AlertTerm term:
                text.Append(term.Field switch
                {
                    AlertField.Title => "title:",
                    AlertField.Keyword => "keyword:",
                    AlertField.Body => "body:",
                    _ => string.Empty,
                });
                if (term.Exact)
                {
                    text.Append('"').Append(term.Phrase).Append('"');
                }
                else
                {
                    text.Append(term.Phrase.Replace(' ', '-'));
                }

                break;
            case AlertSource source:
                text.Append("source:").Append(source.Host);
                break;
            case AlertNot not:
                text.Append('-');
                Write(not.Excluded, text, nested: true);
                break;
            case AlertAnd and:
                WriteList(and.Children, " ", text, nested);
                break;
            case AlertOr or:
                WriteList(or.Children, " OR ", text, nested);
                break;
            default:
                throw new ArgumentException($"Unknown query node {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteList(IReadOnlyList<AlertQueryNode> children, string separator, StringBuilder text, bool nested)
    {
        if (nested)
        {
            text.Append('(');
        }

        for (var i = 0; i < children.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            Write(children[i], text, nested: children[i] is AlertAnd or AlertOr);
        }

        if (nested)
        {
            text.Append(')');
        }
    }
}
