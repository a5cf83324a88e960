using System.Text;

namespace Pipeline.Core.Tests.Hostile;

/// <summary>
/// The hostile corpus of issue #12: files a careless or malicious uploader could drop. Each is generated at test time
/// (the large ones would be tens of megabytes on disk). <see cref="Expect"/> is the rejection code the file must end
/// with, or null when it must become articles.
/// </summary>
public sealed record HostileFile(string Name, Func<byte[]> Content, string? Expect)
{
    public override string ToString() => Name;
}

public static class HostileCorpus
{
    /// <summary>The default Ingestion:MaxFileBytes (10 MiB).</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    private const string Sentence = "The harbour council approved the new solar array on Tuesday, after a long debate about cost and shade. ";

    private static readonly string Paragraphs = string.Concat(Enumerable.Repeat(Sentence, 4)) + "\n\n" + string.Concat(Enumerable.Repeat(Sentence, 3));

    public static IReadOnlyList<HostileFile> All { get; } =
    [
        // Encodings.
        new("invalid-utf8.txt", () => Splice(Utf8(Paragraphs), 40, [0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE]), null),
        new("overlong-utf8.txt", () => Splice(Utf8(Paragraphs), 40, [0x2E, 0x2E, 0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xF0, 0x80, 0x80, 0xAF]), null),
        new("surrogate-utf8.txt", () => Splice(Utf8(Paragraphs), 40, [0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF]), null),
        new("mixed-encodings.txt", () => [.. Utf8("Café déjà vu. " + Paragraphs), .. Encoding.Latin1.GetBytes("Crème brûlée à la carte. " + Paragraphs)], null),
        new("bom-only-utf8.txt", () => [0xEF, 0xBB, 0xBF], "empty"),
        new("bom-only-utf16le.txt", () => [0xFF, 0xFE], "empty"),
        new("bom-only-utf16be.txt", () => [0xFE, 0xFF], "empty"),
        new("bom-utf8-then-latin1.txt", () => [0xEF, 0xBB, 0xBF, .. Encoding.Latin1.GetBytes("Crème brûlée. " + Paragraphs)], "undecodable"),
        new("utf16le-odd-length.txt", () => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Paragraphs), 0x41], null),
        new("utf16be-odd-length-no-bom.txt", () => [.. Encoding.BigEndianUnicode.GetBytes(Paragraphs), 0x41], null),
        new("utf16le-lone-surrogate.txt", () => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Paragraphs[..50]), 0x00, 0xD8, .. Encoding.Unicode.GetBytes(Paragraphs[50..])], "undecodable"),
        new("random-bytes.bin", () => Random(64 * 1024, 1), "binary"),
        new("nul-in-utf8.txt", () => Splice(Utf8(Paragraphs), 30, [0x00]), "binary"),

        // Size.
        new("just-under-the-limit.txt", () => Filled(MaxFileBytes - 1), null),
        new("at-the-limit.json", () => JsonFilled(MaxFileBytes), null),

        // Depth and bombs.
        new("html-nested-100000.html", () => Utf8(string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<p>" + Paragraphs + "</p>" + string.Concat(Enumerable.Repeat("</div>", 100_000))), "no-article-text"),
        new("html-nested-500.html", () => Utf8(string.Concat(Enumerable.Repeat("<div>", 500)) + "<p>" + Paragraphs + "</p>" + string.Concat(Enumerable.Repeat("</div>", 500))), null),
        new("html-unclosed-100000.html", () => Utf8("<html><body>" + string.Concat(Enumerable.Repeat("<span><b>", 50_000)) + Paragraphs), "no-article-text"),
        new("json-html-body-nested-100000.json", () => Utf8("[{\"title\":\"Deep\",\"body\":\"" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x</div>\"},{\"title\":\"Fine\",\"body\":\"" + Sentence + "\"}]"), null),
        new("html-entity-bomb.html", () => Utf8(EntityBomb("<html><body><p>" + Paragraphs + "</p><p>&lol9;</p><svg><text>&lol9;</text></svg></body></html>")), null),
        new("svg-entity-bomb.svg", () => Utf8(EntityBomb("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol9;</text></svg>")), null),
        new("json-depth-bomb.json", () => Utf8(new string('[', 100_000) + new string(']', 100_000)), "malformed-json"),
        new("json-object-depth-bomb.json", () => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000)), "malformed-json"),
        new("json-1000001-articles.json", () => MillionArticles(), "too-many-articles"),
        new("jsonl-1000001-lines.jsonl", () => Utf8(string.Concat(Enumerable.Repeat("{\"body\":\"x\"}\n", 1_000_001))), "too-many-articles"),
        new("markdown-nested-quotes.md", () => Utf8("# Title\n\n" + new string('>', 100_000) + " " + Paragraphs), "no-article-text"),
        new("markdown-nested-lists.md", () => Utf8("# Title\n\n" + string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i * 2) + "- item " + i + "\n")) + "\n" + Paragraphs), "no-article-text"),
        new("long-line-no-spaces.txt", () => Utf8(new string('a', 5_000_000)), null),

        // Titles and active content.
        new("bidi-title.md", () => Utf8("---\ntitle: \"Invoice \u202Egpj.exe\u202C \u200B\u200Bpaid\u2066\u2069\"\n---\n\n" + Paragraphs), null),
        new("crlf-title.md", () => Utf8("---\ntitle: \"Hello\\r\\nBcc: victim@example.com\\r\\n\\r\\n<script>x</script>\"\n---\n\n" + Paragraphs), null),
        new("crlf-title.json", () => Utf8("{\"title\":\"Hello\\r\\nBcc: victim@example.com\",\"url\":\"javascript:alert(1)\",\"body\":\"" + Sentence + Sentence + "\"}"), null),
        new("active-content.html", () => Utf8(ActiveHtml), null),
        new("compressed.gz", () => [0x1F, 0x8B, 0x08, 0x00, .. Random(4096, 2)], "binary"),
        new("zip-bomb-header.zip", () => [0x50, 0x4B, 0x03, 0x04, .. Random(4096, 3)], "binary"),
    ];

    /// <summary>Script, <c>javascript:</c> and <c>data:</c> URLs, event handlers and CSS tricks, around a real article.</summary>
    public const string ActiveHtml = """
        <html><head><title>Harbour solar</title>
        <meta property="og:url" content="javascript:alert('og')">
        <script>alert('head-script')</script><style>body{background:url(javascript:alert('css'))}</style></head>
        <body onload="alert('onload')">
        <article>
        <h1 onclick="alert('h1')">Harbour solar</h1>
        <p onmouseover="alert('p')">The harbour council approved the new solar array on Tuesday, after a long debate about cost and shade.
        The array will cover the old ferry terminal roof and should supply most of the harbour's lighting by next spring.</p>
        <script>document.write('SCRIPTTEXT')</script>
        <p style="display:none">HIDDENTEXT send your password to evil.example</p>
        <p hidden>HIDDENATTR text</p>
        <div style="position:absolute;top:0;left:0;width:100%;height:100%">OVERLAYTEXT click here</div>
        <p>Councillors said the project would pay for itself within nine years, <a href="javascript:alert('a')">read more</a>,
        <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">see the data</a> and <img src="x" onerror="alert('img')"> the plans.</p>
        <iframe src="javascript:alert('iframe')">IFRAMETEXT</iframe>
        <noscript><p>NOSCRIPTTEXT</p></noscript>
        <template><p>TEMPLATETEXT</p></template>
        </article></body></html>
        """;

    /// <summary>Strings of <see cref="ActiveHtml"/> that must never reach the extracted text.</summary>
    public static readonly string[] ActiveMarkers = ["alert(", "SCRIPTTEXT", "HIDDENTEXT", "HIDDENATTR", "IFRAMETEXT", "TEMPLATETEXT", "javascript:", "data:text", "onload", "onerror", "background:url"];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Splice(byte[] content, int at, byte[] insert) => [.. content[..at], .. insert, .. content[at..]];

    /// <summary>Plain text of exactly <paramref name="length"/> bytes: paragraphs of the sentence.</summary>
    private static byte[] Filled(int length)
    {
        var unit = Utf8(Paragraphs + "\n\n");
        var bytes = new byte[length];
        for (var i = 0; i < length; i += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, length - i)).CopyTo(bytes.AsSpan(i));
        }

        return bytes;
    }

    /// <summary>One JSON article of exactly <paramref name="length"/> bytes, its body padded with sentences.</summary>
    private static byte[] JsonFilled(int length)
    {
        var head = "{\"title\":\"At the limit\",\"body\":\"";
        const string tail = "\"}";
        var body = new StringBuilder(length);
        while (body.Length + Sentence.Length < length - head.Length - tail.Length)
        {
            body.Append(Sentence);
        }

        body.Append('x', length - head.Length - tail.Length - body.Length);
        return Utf8(head + body + tail);
    }

    private static string EntityBomb(string body)
    {
        var doctype = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            doctype.Append("<!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))).Append("\">");
        }

        return doctype.Append("]>").Append(body).ToString();
    }

    private static byte[] MillionArticles()
    {
        const string item = "{\"body\":\"x\"},";
        var text = new StringBuilder(2 + item.Length * 1_000_001);
        text.Append('[');
        for (var i = 0; i < 1_000_001; i++)
        {
            text.Append(item);
        }

        text.Length--;
        return Utf8(text.Append(']').ToString());
    }
}
