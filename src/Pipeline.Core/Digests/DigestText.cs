using System.Globalization;
using System.Text;

namespace Pipeline.Core.Digests;

/// <summary>
/// The plain-text part of a digest, built from the same data as the HTML (never from stripped HTML): wrapped at
/// <see cref="Width"/> columns, each link a numbered footnote (<c>[1]</c> in the text, <c>[1] https://…</c> at the end),
/// and the same footer: why you got this, the unsubscribe link and the manage link.
/// </summary>
internal static class DigestText
{
    /// <summary>The widest line, but for a footnote whose URL alone is longer (a URL is never broken).</summary>
    public const int Width = 78;

    public static string Render(DigestView view)
    {
        var text = new StringBuilder(8 * 1024);
        var notes = new Footnotes();
        Paragraph(text, "Your Pipeline digest");
        Paragraph(text, $"{view.Summary} \u2014 {view.Date}.");
        if (view.Links.WebCopy is { } webCopy)
        {
            Paragraph(text, $"View in your browser {notes.Add(webCopy.AbsoluteUri)}");
        }

        text.Append('\n');
        foreach (var section in view.Sections)
        {
            Paragraph(text, $"== {DigestView.Heading(section.Alert)} ==");
            text.Append('\n');
            foreach (var item in section.Items)
            {
                AppendItem(text, notes, item);
            }

            if (section.More > 0)
            {
                var more = $"and {section.More.ToString(CultureInfo.InvariantCulture)} more";
                Paragraph(text, view.Links.WebCopy is { } copy ? $"{more} in the web copy {notes.Add(copy.AbsoluteUri)}" : more);
                text.Append('\n');
            }
        }

        text.Append("-- \n");
        Paragraph(text, view.Reason);
        Paragraph(text, $"Unsubscribe {notes.Add(view.Links.Unsubscribe.AbsoluteUri)}");
        Paragraph(text, $"Manage your alerts {notes.Add(view.Links.Manage.AbsoluteUri)}");
        text.Append('\n');
        notes.AppendTo(text);
        return text.ToString();
    }

    private static void AppendItem(StringBuilder text, Footnotes notes, DigestItem item)
    {
        var title = DigestStrings.Clean(item.Title);
        var url = DigestStrings.SafeUrl(item.Url);
        var heading = url is null ? title : $"{title} {notes.Add(url)}";
        var lines = Wrap(heading);
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        text.Append('-', lines.Max(l => l.Length)).Append('\n');
        var summary = DigestStrings.Clean(string.Join(' ', item.Sentences));
        Paragraph(text, DigestStrings.Shorten(summary, DigestHtml.MaxSummaryChars));
        if (item.Keywords.Count > 0)
        {
            Paragraph(text, "Keywords: " + string.Join(", ", item.Keywords.Select(DigestStrings.Clean)));
        }

        if (item.AlsoReportedBy.Count > 0)
        {
            Paragraph(text, "also reported by " + string.Join(", ", item.AlsoReportedBy.Select(DigestStrings.Clean)));
        }

        Paragraph(text, "Summary: " + DigestHtml.MethodLabel(item.Method));
        text.Append('\n');
    }

    private static void Paragraph(StringBuilder text, string paragraph)
    {
        foreach (var line in Wrap(DigestStrings.Clean(paragraph)))
        {
            text.Append(line).Append('\n');
        }
    }

    /// <summary>Lines of at most <see cref="Width"/> characters, broken at spaces; a longer word is broken where it must be.</summary>
    internal static List<string> Wrap(string paragraph)
    {
        var lines = new List<string>();
        var line = new StringBuilder(Width);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            if (line.Length > 0 && line.Length + 1 + rest.Length > Width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            while (rest.Length > Width)
            {
                var cut = char.IsHighSurrogate(rest[Width - 1]) ? Width - 1 : Width;
                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(rest);
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>Numbered links; the same URL keeps its number.</summary>
    private sealed class Footnotes
    {
        private readonly List<string> _urls = [];

        public string Add(string url)
        {
            var index = _urls.IndexOf(url);
            if (index < 0)
            {
                _urls.Add(url);
                index = _urls.Count - 1;
            }

            return $"[{(index + 1).ToString(CultureInfo.InvariantCulture)}]";
        }

        public void AppendTo(StringBuilder text)
        {
            for (var i = 0; i < _urls.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {_urls[i]}\n");
            }
        }
    }
}
