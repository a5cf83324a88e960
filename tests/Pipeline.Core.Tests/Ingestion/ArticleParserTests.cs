using System.Text;
using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class ArticleParserTests
{
    private static ParseOutcome Parse(string text, string name, int maxArticles = 1000) =>
        new ArticleParser(maxArticles).Parse(Encoding.UTF8.GetBytes(text), name);

    private static ParsedArticle Single(ParseOutcome outcome)
    {
        Assert.Null(outcome.Rejection);
        return Assert.Single(outcome.Articles);
    }

    [Fact]
    public void Parse_ZeroBytes_RejectedEmpty()
    {
        var outcome = new ArticleParser().Parse([], "story.txt");

        Assert.Equal(RejectionCodes.Empty, outcome.Rejection!.Code);
        Assert.Contains("0 bytes", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyWhitespaceAndNewlines_RejectedEmpty()
    {
        var outcome = Parse(" \r\n\t\r\n   \n", "story.txt");

        Assert.Equal(RejectionCodes.Empty, outcome.Rejection!.Code);
        Assert.Contains("whitespace", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GzipArchiveNamedTxt_RejectedBinary()
    {
        byte[] gzip = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00];

        var outcome = new ArticleParser().Parse(gzip, "story.txt");

        Assert.Equal(RejectionCodes.Binary, outcome.Rejection!.Code);
    }

    [Fact]
    public void Parse_TruncatedJsonObject_RejectedMalformedJsonWithPosition()
    {
        var outcome = Parse("{\n  \"title\": \"Rates held\",\n  \"body\": \"The central bank kept rates", "feed.json");

        Assert.Equal(RejectionCodes.MalformedJson, outcome.Rejection!.Code);
        Assert.Contains("line", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonLinesWithBrokenLine_RejectedNamingTheLine()
    {
        var text = "{\"title\":\"A\",\"body\":\"First story body.\"}\n{\"title\":\"B\",\"body\":\"Second\n";

        var outcome = Parse(text, "feed.jsonl");

        Assert.Equal(RejectionCodes.MalformedJson, outcome.Rejection!.Code);
        Assert.Contains("Line 2", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonArrayOverLimit_RejectedTooManyArticles()
    {
        var items = Enumerable.Range(1, 4).Select(i => $"{{\"title\":\"Story {i}\",\"body\":\"Body of story {i}.\"}}");

        var outcome = Parse("[" + string.Join(',', items) + "]", "feed.json", maxArticles: 3);

        Assert.Equal(RejectionCodes.TooManyArticles, outcome.Rejection!.Code);
        Assert.Contains("4 articles", outcome.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 3", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonLinesOverLimit_RejectedTooManyArticles()
    {
        var lines = Enumerable.Range(1, 5).Select(i => $"{{\"title\":\"Story {i}\",\"text\":\"Body {i}.\"}}");

        var outcome = Parse(string.Join('\n', lines), "feed.jsonl", maxArticles: 2);

        Assert.Equal(RejectionCodes.TooManyArticles, outcome.Rejection!.Code);
    }

    [Fact]
    public void Parse_JsonWithoutBodyFields_RejectedNoArticleText()
    {
        var outcome = Parse("{\"title\": \"Only a title\", \"url\": \"https://example.org/a\"}", "item.json");

        Assert.Equal(RejectionCodes.NoArticleText, outcome.Rejection!.Code);
    }

    [Fact]
    public void Parse_HtmlWithOnlyScriptsAndNavigation_RejectedNoArticleText()
    {
        var html = "<!doctype html><html><head><title>App</title><script>window.boot()</script></head><body><nav><a href=\"/\">Home</a></nav><div id=\"root\"></div><script src=\"app.js\"></script></body></html>";

        var outcome = Parse(html, "app.html");

        Assert.Equal(RejectionCodes.NoArticleText, outcome.Rejection!.Code);
    }

    [Fact]
    public void Parse_JsonSingleObject_ReadsCommonFields()
    {
        var json = """
            {
              "headline": "Council approves new cycle lanes",
              "content": "The city council voted 7-2 on Tuesday to approve the lanes.\n\nWork starts in May.",
              "link": "https://news.example.org/cycle-lanes",
              "publishedAt": "2025-03-04T09:30:00Z",
              "author": { "name": "Ana Ruiz" },
              "tags": ["transport", "council"]
            }
            """;

        var article = Single(Parse(json, "drop.json"));

        Assert.Equal(ArticleFormat.Json, article.Format);
        Assert.Equal("Council approves new cycle lanes", article.Title);
        Assert.Equal(["The city council voted 7-2 on Tuesday to approve the lanes.", "Work starts in May."], article.Paragraphs);
        Assert.Equal("https://news.example.org/cycle-lanes", article.Metadata.Url);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 30, 0, TimeSpan.Zero), article.Metadata.Published);
        Assert.Equal("Ana Ruiz", article.Metadata.Byline);
        Assert.Equal(["transport", "council"], article.Metadata.Tags);
    }

    [Fact]
    public void Parse_JsonArray_EachItemIsAnArticleAndBodilessItemsSkipped()
    {
        var json = """[{"title":"One","body":"First body."},{"title":"No body"},{"title":"Two","text":"Second body."}]""";

        var outcome = Parse(json, "export.json");

        Assert.Equal(["One", "Two"], outcome.Articles.Select(a => a.Title));
    }

    [Fact]
    public void Parse_JsonObjectWrappingArticlesArray_ReadsEachArticle()
    {
        var json = """{"source":"wire","articles":[{"title":"One","body":"First body."},{"title":"Two","body":"Second body."}]}""";

        var outcome = Parse(json, "wire.json");

        Assert.Equal(2, outcome.Articles.Count);
    }

    [Fact]
    public void Parse_JsonLinesWithUnknownExtension_EachLineIsAnArticle()
    {
        var text = "{\"title\":\"Alpha\",\"body\":\"Alpha body.\",\"date\":\"2024-01-02\"}\n\n{\"title\":\"Beta\",\"body\":\"Beta body.\"}\n";

        var outcome = Parse(text, "dump.log");

        Assert.Equal(["Alpha", "Beta"], outcome.Articles.Select(a => a.Title));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), outcome.Articles[0].Metadata.Published);
    }

    [Fact]
    public void Parse_JsonBodyAsArrayOfParagraphs_EachBecomesAParagraph()
    {
        var json = """{"title":"Wildfire contained","content":["Crews contained the fire on Sunday.","Evacuation orders were lifted."]}""";

        var article = Single(Parse(json, "fire.json"));

        Assert.Equal(["Crews contained the fire on Sunday.", "Evacuation orders were lifted."], article.Paragraphs);
    }

    [Fact]
    public void Parse_JsonBodyHoldingHtml_FlattenedToParagraphs()
    {
        var json = """{"title":"T","body":"<p>First <b>bold</b> point.</p><ul><li>Item one</li><li>Item two</li></ul>"}""";

        var article = Single(Parse(json, "cms.json"));

        Assert.Equal(["First bold point.", "Item one", "Item two"], article.Paragraphs);
    }

    [Fact]
    public void Parse_MarkdownWithFrontMatter_ReadsMetadataAndStripsSyntax()
    {
        var markdown = """
            ---
            title: "Rivers rise after storm"
            date: 2025-02-10
            url: https://example.org/rivers
            tags: [weather, floods]
            ---

            Heavy rain pushed the **Severn** above its banks, according to the [Environment Agency](https://example.gov/ea).

            ## What happens next

            - Sandbags are available at the town hall.
            - Schools stay *open*.
            """;

        var article = Single(Parse(markdown, "rivers.md"));

        Assert.Equal(ArticleFormat.Markdown, article.Format);
        Assert.Equal("Rivers rise after storm", article.Title);
        Assert.Equal(new DateTimeOffset(2025, 2, 10, 0, 0, 0, TimeSpan.Zero), article.Metadata.Published);
        Assert.Equal("https://example.org/rivers", article.Metadata.Url);
        Assert.Equal(["weather", "floods"], article.Metadata.Tags);
        Assert.Equal(
            ["Heavy rain pushed the Severn above its banks, according to the Environment Agency.", "What happens next", "Sandbags are available at the town hall.", "Schools stay open."],
            article.Paragraphs);
    }

    [Fact]
    public void Parse_MarkdownWithoutFrontMatter_FirstHeadingIsTitle()
    {
        var article = Single(Parse("# Budget passes\n\nThe vote was close.\nIt went 51 to 49.\n", "budget.markdown"));

        Assert.Equal("Budget passes", article.Title);
        Assert.Equal(["The vote was close. It went 51 to 49."], article.Paragraphs);
    }

    [Fact]
    public void Parse_MarkdownNestedBeyondMarkdigsLimit_RejectedNoArticleTextWithReason()
    {
        var outcome = Parse("# Deep\n\n" + new string('>', 5_000) + " buried\n", "deep.md");

        Assert.Equal(RejectionCodes.NoArticleText, outcome.Rejection!.Code);
        Assert.Contains("nests deeper than 128 levels", outcome.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HtmlNamedTxt_DetectedFromContent()
    {
        var html = "<!DOCTYPE html><html><head><title>Port strike ends</title></head><body><article><p>" + string.Concat(Enumerable.Repeat("Dock workers returned to work on Monday after a deal on pay, hours and safety. ", 8)) + "</p></article></body></html>";

        var article = Single(Parse(html, "download.txt"));

        Assert.Equal(ArticleFormat.Html, article.Format);
        Assert.Equal("Port strike ends", article.Title);
    }

    [Fact]
    public void Parse_UnknownExtensionPlainText_ReadAsText()
    {
        var article = Single(Parse("Harbour reopens\n\nThe harbour reopened on Friday after repairs.\n", "note.xyz"));

        Assert.Equal(ArticleFormat.Text, article.Format);
        Assert.Equal("Harbour reopens", article.Title);
        Assert.Equal(["The harbour reopened on Friday after repairs."], article.Paragraphs);
    }

    [Fact]
    public void Parse_Windows1252HtmlWithMetaCharset_TextDecodedCorrectly()
    {
        var html = "<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 prices</title></head><body><article><p>"
            + string.Concat(Enumerable.Repeat("The caf\u00e9 now charges \u20ac3 for a \u201cflat white\u201d, owners said. ", 10))
            + "</p></article></body></html>";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(html);

        var outcome = new ArticleParser().Parse(bytes, "cafe.html");

        var article = Single(outcome);
        Assert.StartsWith("The caf\u00e9 now charges \u20ac3 for a \u201cflat white\u201d", article.Paragraphs[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf16LittleEndianTextFile_ParsedAsText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Night trains return\r\n\r\nSleeper services to Vienna resume in June.")).ToArray();

        var article = Single(new ArticleParser().Parse(bytes, "trains.txt"));

        Assert.Equal("Night trains return", article.Title);
        Assert.Equal(["Sleeper services to Vienna resume in June."], article.Paragraphs);
    }

    [Fact]
    public void Parse_ManyThreadsAtOnce_SameArticlesAsOneThread()
    {
        var pages = Enumerable.Range(0, 8)
            .Select(i => Encoding.UTF8.GetBytes($"<html><head><title>Story {i}</title><link rel=\"canonical\" href=\"https://news.example/{i}\"></head>"
                + $"<body><nav><a href=\"/\">Home</a></nav><article><time datetime=\"2024-05-{i + 10}\">May</time>"
                + string.Concat(Enumerable.Repeat($"<p>Paragraph of story {i}, long enough to be scored as article text by the extractor.</p>", 3 + i))
                + "</article></body></html>"))
            .ToArray();
        var parser = new ArticleParser();
        var expected = pages.Select(p => Describe(parser.Parse(p, "page.html").Articles[0])).ToArray();
        Assert.StartsWith("Story 3 | https://news.example/3 | 2024-05-13 | ", expected[3], StringComparison.Ordinal);

        var results = new string[pages.Length * 25];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = Describe(parser.Parse(pages[i % pages.Length], "page.html").Articles[0]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % pages.Length], results[i]);
        }

        static string Describe(ParsedArticle article) =>
            $"{article.Title} | {article.Metadata.Url} | {article.Metadata.Published:yyyy-MM-dd} | {string.Join('\n', article.Paragraphs)}";
    }
}
