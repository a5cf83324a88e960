using System.Text.RegularExpressions;
using Pipeline.Core.Digests;
using static Pipeline.Core.Tests.Digests.DigestSamples;

namespace Pipeline.Core.Tests.Digests;

public sealed partial class DigestTextTests
{
    private static readonly DigestItem Long = new(
        "l1",
        "A headline long enough that it cannot possibly fit on one line of a plain-text email, however wide the reader's window",
        [string.Concat(Enumerable.Repeat("This sentence, repeated, makes a summary far longer than one line. ", 8)), "Supercalifragilisticexpialidocious" + new string('o', 90) + " ends."],
        ["long", "summary"],
        "llm",
        "https://news.example/" + new string('p', 120));

    [Fact]
    public void Build_Text_EveryLineAtMost78Columns_ButFootnoteUrls()
    {
        var text = Build(Alice, [new DigestSection(Alice.Alerts[0], [Long, Noem, Bukele])]).Text;

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.Length > 70);
        Assert.All(lines.Where(l => !FootnoteLine().IsMatch(l)), l => Assert.True(l.Length <= 78, $"{l.Length} columns: {l}"));
        Assert.DoesNotContain('\r', text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_Text_LinksAreNumberedFootnotesListedAtTheEnd()
    {
        var links = LinksFor(Alice);
        var message = DigestBuilder.Build(Alice, [new DigestSection(Alice.Alerts[0], [Long, Noem, Bukele])], At, links, 10, "pipeline.local");
        var text = message.Text;

        var firstFootnote = text.IndexOf("\n[1] ", StringComparison.Ordinal);
        Assert.True(firstFootnote > 0);
        var body = text[..firstFootnote];
        var footnotes = text[(firstFootnote + 1)..].TrimEnd('\n').Split('\n')
            .Select(l => FootnoteLine().Match(l))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.DoesNotContain("http", body, StringComparison.Ordinal);
        var references = Regex.Matches(body, @"\[(\d+)\]").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(references.Order(), footnotes.Keys.Order());
        Assert.Equal(Enumerable.Range(1, footnotes.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), footnotes.Keys);
        Assert.Equal(links.WebCopy!.AbsoluteUri, footnotes[Reference(body, "View in your browser")]);
        Assert.Equal(Long.Url, footnotes[Reference(body, "window")]);
        Assert.Equal(Noem.Url, footnotes[Reference(body, "Noem tours <CECOT> & warns")]);
        Assert.Equal(links.Unsubscribe.AbsoluteUri, footnotes[Reference(body, "Unsubscribe")]);
        Assert.Equal(links.Manage.AbsoluteUri, footnotes[Reference(body, "Manage your alerts")]);
    }

    [Fact]
    public void Build_Text_FooterSaysWhyWithTheAddressAndTheAlert()
    {
        var text = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem])]).Text;

        var footer = text[text.IndexOf("-- \n", StringComparison.Ordinal)..];
        var reason = Regex.Replace(footer, @"\s+", " ");
        Assert.Contains("You get this digest because alice@example.com subscribed to Pipeline alert: \"El Salvador\" AND prison.", reason, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe [", footer, StringComparison.Ordinal);
        Assert.Contains("Manage your alerts [", footer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Text_IsWrittenFromTheData_NotFromTheHtml()
    {
        var text = Build(Alice, [new DigestSection(Alice.Alerts[0], [Noem])]).Text;

        Assert.Contains("Noem tours <CECOT> & warns [", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", text, StringComparison.Ordinal);
        Assert.Contains("Keywords: noem, cecot", text, StringComparison.Ordinal);
        Assert.Contains("\u2014", text, StringComparison.Ordinal);
    }

    /// <summary>The footnote number that follows <paramref name="label"/> in the text, across a line break if need be.</summary>
    private static string Reference(string body, string label)
    {
        var at = body.IndexOf(label, StringComparison.Ordinal);
        Assert.True(at >= 0, label);
        return Regex.Match(body[at..], @"\[(\d+)\]").Groups[1].Value;
    }

    [GeneratedRegex(@"^\[(\d+)\] (\S+)$")]
    private static partial Regex FootnoteLine();
}
