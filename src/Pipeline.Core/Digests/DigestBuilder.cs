using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Delivery;
using Pipeline.Core.Summarisation;

namespace Pipeline.Core.Digests;

/// <summary>One article as it appears in a digest.</summary>
public sealed record DigestItem(string ArticleId, string Title, IReadOnlyList<string> Sentences, IReadOnlyList<string> Keywords, string Method, string? Url)
{
    /// <summary>The sites of the near-duplicate reports folded into this item (for example <c>techcrunch.com</c>); empty when none were.</summary>
    public IReadOnlyList<string> AlsoReportedBy { get; init; } = [];

    /// <summary>The ids of the articles folded into this item; they count as delivered with it.</summary>
    public IReadOnlyList<string> FoldedArticleIds { get; init; } = [];
}

/// <summary>Builds the digest email for one subscriber: a plain-text part and an HTML part with the same content, a heading per alert.</summary>
public static class DigestBuilder
{
    /// <summary>A stable id for a digest: the same subscriber and the same articles always give the same id.</summary>
    public static string DigestId(Subscriber subscriber, IEnumerable<string> articleIds)
    {
        var key = subscriber.Key + "|" + string.Join(',', articleIds.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
    }

    /// <summary>The email: a heading per alert (in <paramref name="sections"/>' order), its articles under it.</summary>
    public static EmailMessage Build(Subscriber subscriber, IReadOnlyList<DigestSection> sections, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var items = sections.SelectMany(s => s.Items).ToList();
        var digestId = DigestId(subscriber, items.Select(i => i.ArticleId));
        var count = items.Count == 1 ? "1 new article" : $"{items.Count.ToString(CultureInfo.InvariantCulture)} new articles";
        var names = string.Join(", ", sections.Select(s => s.Alert.Name));
        var yourAlerts = sections.Count == 1 ? "your alert" : "your alerts";
        var subject = $"{count} for {yourAlerts}: {names}";
        var date = at.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{count} matched {yourAlerts}: {names} ({date}).\n\n");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:sans-serif;max-width:40em\">")
            .Append("<p>").Append(Encode(count)).Append(" matched ").Append(yourAlerts).Append(" <strong>").Append(Encode(names)).Append("</strong> (")
            .Append(Encode(date)).Append(").</p>");

        foreach (var section in sections)
        {
            var heading = section.Alert.Name == section.Alert.Query ? section.Alert.Name : $"{section.Alert.Name} ({section.Alert.Query})";
            text.Append("== ").Append(heading).Append(" ==\n\n");
            html.Append("<h1 style=\"font-size:1.25em;border-bottom:1px solid #ccc\">").Append(Encode(heading)).Append("</h1>");
            foreach (var item in section.Items)
            {
                AppendItem(text, html, item);
            }
        }

        text.Append("You get this digest because you subscribed to Pipeline alerts.\n");
        html.Append("<hr><p style=\"color:#888;font-size:0.85em\">You get this digest because you subscribed to Pipeline alerts.</p></body></html>");
        return new EmailMessage(subscriber.Email, subject, text.ToString(), html.ToString(), $"{digestId}@pipeline.local");
    }

    private static void AppendItem(StringBuilder text, StringBuilder html, DigestItem item)
    {
        text.Append(item.Title).Append('\n').Append(new string('-', Math.Min(item.Title.Length, 72))).Append('\n');
        text.Append(string.Join(' ', item.Sentences)).Append('\n');
        text.Append(item.AlsoReportedBy.Count > 0 ? $"Also reported by {string.Join(", ", item.AlsoReportedBy)}\n" : string.Empty);
        if (item.Keywords.Count > 0)
        {
            text.Append("Keywords: ").Append(string.Join(", ", item.Keywords)).Append('\n');
        }

        if (item.Url is not null)
        {
            text.Append(item.Url).Append('\n');
        }

        text.Append("Summary: ").Append(MethodLabel(item.Method)).Append("\n\n");

        html.Append("<h2 style=\"font-size:1.1em\">");
        html.Append(item.Url is null ? Encode(item.Title) : $"<a href=\"{Encode(item.Url)}\">{Encode(item.Title)}</a>");
        html.Append("</h2><p>").Append(Encode(string.Join(' ', item.Sentences))).Append("</p>");
        html.Append(item.AlsoReportedBy.Count > 0 ? $"<p style=\"color:#555\">Also reported by {Encode(string.Join(", ", item.AlsoReportedBy))}</p>" : string.Empty);
        if (item.Keywords.Count > 0)
        {
            html.Append("<p style=\"color:#555\">Keywords: ").Append(Encode(string.Join(", ", item.Keywords))).Append("</p>");
        }

        html.Append("<p style=\"color:#888;font-size:0.85em\">Summary: ").Append(Encode(MethodLabel(item.Method))).Append("</p>");
    }

    private static string MethodLabel(string method) => method switch
    {
        SummaryMethods.Llm => "written by a language model",
        SummaryMethods.ExtractiveFallback => "sentences picked from the article (the language model was unavailable)",
        _ => "sentences picked from the article",
    };

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
