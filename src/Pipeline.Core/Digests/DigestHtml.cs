using System.Globalization;
using System.Text;
using Pipeline.Core.Summarisation;
using static Pipeline.Core.Digests.DigestPalette;

namespace Pipeline.Core.Digests;

/// <summary>
/// The HTML of a digest, as email clients render it: a hidden preheader first in the body, layout tables only
/// (<c>role="presentation"</c>, a fluid 600 px column that Outlook's Word engine keeps), no flex, grid or positioning,
/// light and dark colours (<see cref="DigestPalette"/>), h1 for the digest, h2 per alert, h3 per article, and a footer
/// with the reason, the unsubscribe link and the manage link. Every article-derived string is HTML-encoded, and only
/// http(s) URLs become links.
/// </summary>
internal static class DigestHtml
{
    private const string Font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

    /// <summary>The longest summary the email shows of one article; the web copy shows it whole.</summary>
    public const int MaxSummaryChars = 700;

    private static readonly string Style =
        ":root{color-scheme:light dark;supported-color-schemes:light dark}" +
        "body{margin:0;padding:0;width:100%}" +
        $"a{{color:{LightLink}}}" +
        "@media (prefers-color-scheme: dark){" +
        $".pg{{background-color:{DarkPage} !important}}" +
        $".cd{{background-color:{DarkCard} !important}}" +
        $".tx,.tx h1,.tx h2,.tx h3,.tx p{{color:{DarkText} !important}}" +
        $".tx .mu,.mu{{color:{DarkMuted} !important}}" +
        $".tx a{{color:{DarkLink} !important}}" +
        $".ft{{border-color:{DarkRule} !important}}" +
        "}";

    public static string Render(DigestView view)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">")
            .Append("<title>").Append(DigestStrings.Html(view.Summary)).Append("</title>")
            .Append("<style>").Append(Style).Append("</style></head>")
            .Append("<body class=\"pg\" style=\"margin:0;padding:0;background-color:").Append(LightPage).Append("\">");
        if (!view.WebCopy)
        {
            AppendPreheader(html, view);
        }

        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" class=\"pg\" style=\"width:100%;background-color:")
            .Append(LightPage).Append("\"><tr><td align=\"center\" style=\"padding:16px 8px\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" class=\"cd\" style=\"width:100%;max-width:600px;background-color:")
            .Append(LightCard).Append("\"><tr><td class=\"tx\" style=\"padding:24px;").Append(Font)
            .Append(";font-size:16px;line-height:1.5;color:").Append(LightText).Append("\">");

        if (!view.WebCopy && view.Links.WebCopy is { } webCopy)
        {
            html.Append("<p class=\"mu\" style=\"margin:0 0 16px;font-size:13px;color:").Append(LightMuted).Append("\">")
                .Append("<a href=\"").Append(Attribute(webCopy)).Append("\" style=\"color:").Append(LightLink).Append("\">View in browser</a></p>");
        }

        html.Append("<h1 style=\"margin:0 0 4px;font-size:24px;line-height:1.25\">Your Pipeline digest</h1>")
            .Append("<p class=\"mu\" style=\"margin:0 0 8px;color:").Append(LightMuted).Append("\">")
            .Append(DigestStrings.Html(view.Summary)).Append(" \u2014 ").Append(DigestStrings.Html(view.Date)).Append("</p>");

        foreach (var section in view.Sections)
        {
            AppendSection(html, view, section);
        }

        AppendFooter(html, view);
        html.Append("</td></tr></table></td></tr></table></body></html>");
        return html.ToString();
    }

    /// <summary>What an inbox shows beside the subject; hidden in the message itself, in every client we know of.</summary>
    private static void AppendPreheader(StringBuilder html, DigestView view)
    {
        var titles = string.Join(" \u00b7 ", view.Sections.SelectMany(s => s.Items).Take(3).Select(i => DigestStrings.Clean(i.Title)));
        var text = DigestStrings.Shorten($"{view.Count}: {titles}", 150);
        html.Append("<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;opacity:0;font-size:0;line-height:0\">")
            .Append(DigestStrings.Html(text)).Append("</div>");
    }

    private static void AppendSection(StringBuilder html, DigestView view, DigestSection section)
    {
        html.Append("<h2 style=\"margin:28px 0 0;padding-bottom:4px;font-size:20px;line-height:1.3;border-bottom:2px solid ")
            .Append(LightRule).Append("\" class=\"ft\">").Append(DigestStrings.Html(DigestView.Heading(section.Alert))).Append("</h2>");
        foreach (var item in section.Items)
        {
            AppendItem(html, item, view.WebCopy);
        }

        if (section.More > 0)
        {
            var more = $"and {section.More.ToString(CultureInfo.InvariantCulture)} more";
            html.Append("<p style=\"margin:16px 0 0;font-weight:bold\">");
            if (view.Links.WebCopy is { } webCopy)
            {
                html.Append("<a href=\"").Append(Attribute(webCopy)).Append("\" style=\"color:").Append(LightLink).Append("\">")
                    .Append(more).Append("</a> in the web copy</p>");
            }
            else
            {
                html.Append(more).Append("</p>");
            }
        }
    }

    private static void AppendItem(StringBuilder html, DigestItem item, bool whole)
    {
        html.Append("<h3 style=\"margin:20px 0 4px;font-size:17px;line-height:1.35\">");
        var title = DigestStrings.Html(item.Title);
        if (DigestStrings.SafeUrl(item.Url) is { } url)
        {
            html.Append("<a href=\"").Append(DigestStrings.Html(url)).Append("\" style=\"color:").Append(LightLink).Append("\">").Append(title).Append("</a>");
        }
        else
        {
            html.Append(title);
        }

        var summary = DigestStrings.Clean(string.Join(' ', item.Sentences));
        html.Append("</h3><p style=\"margin:0 0 6px\">")
            .Append(DigestStrings.Html(whole ? summary : DigestStrings.Shorten(summary, MaxSummaryChars))).Append("</p>");

        var notes = new List<string>();
        if (item.Keywords.Count > 0)
        {
            notes.Add("Keywords: " + DigestStrings.Html(string.Join(", ", item.Keywords.Select(DigestStrings.Clean))));
        }

        if (item.AlsoReportedBy.Count > 0)
        {
            notes.Add("also reported by " + DigestStrings.Html(string.Join(", ", item.AlsoReportedBy.Select(DigestStrings.Clean))));
        }

        notes.Add("Summary: " + DigestStrings.Html(MethodLabel(item.Method)));
        html.Append("<p class=\"mu\" style=\"margin:0;font-size:13px;color:").Append(LightMuted).Append("\">")
            .Append(string.Join(" \u00b7 ", notes)).Append("</p>");
    }

    private static void AppendFooter(StringBuilder html, DigestView view)
    {
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;margin-top:32px\"><tr>")
            .Append("<td class=\"mu ft\" style=\"padding-top:16px;border-top:1px solid ").Append(LightRule)
            .Append(";font-size:13px;line-height:1.5;color:").Append(LightMuted).Append("\">")
            .Append("<p class=\"mu\" style=\"margin:0 0 8px\">").Append(DigestStrings.Html(view.Reason)).Append("</p>")
            .Append("<p class=\"mu\" style=\"margin:0\"><a href=\"").Append(Attribute(view.Links.Unsubscribe)).Append("\" style=\"color:").Append(LightLink)
            .Append("\">Unsubscribe</a> \u00b7 <a href=\"").Append(Attribute(view.Links.Manage)).Append("\" style=\"color:").Append(LightLink)
            .Append("\">Manage your alerts</a></p></td></tr></table>");
    }

    /// <summary>A link of ours (under <c>Email:PublicBaseUrl</c>) as an href value.</summary>
    private static string Attribute(Uri uri) => System.Net.WebUtility.HtmlEncode(uri.AbsoluteUri);

    internal static string MethodLabel(string method) => method switch
    {
        SummaryMethods.Llm => "written by a language model",
        SummaryMethods.ExtractiveFallback => "sentences picked from the article (the language model was unavailable)",
        _ => "sentences picked from the article",
    };
}
