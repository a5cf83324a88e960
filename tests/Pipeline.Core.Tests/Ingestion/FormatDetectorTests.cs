using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class FormatDetectorTests
{
    [Theory]
    [InlineData("<!doctype html><html><body><p>Hi</p></body></html>", "page.txt", DetectedFormat.Html)]
    [InlineData("Plain words, nothing else.", "page.html", DetectedFormat.Html)]
    [InlineData("{\"title\":\"a\",\"body\":\"b\"}", "drop.bin", DetectedFormat.Json)]
    [InlineData("[{\"title\":\"a\"}]", "drop", DetectedFormat.Json)]
    [InlineData("{\"a\":1}\n{\"a\":2}\n", "drop.json", DetectedFormat.JsonLines)]
    [InlineData("{\"a\":1}\n", "drop.ndjson", DetectedFormat.JsonLines)]
    [InlineData("not json at all", "drop.json", DetectedFormat.Json)]
    [InlineData("# Title\n\nSome *text* with a [link](https://example.org).", "notes", DetectedFormat.Markdown)]
    [InlineData("---\ntitle: x\n---\nBody", "notes.txt", DetectedFormat.Markdown)]
    [InlineData("---\r\ntitle: x\r\n---\r\nBody", "notes.txt", DetectedFormat.Markdown)]
    [InlineData("Just a note.\n\nAnother paragraph.", "notes.weird", DetectedFormat.Text)]
    [InlineData("[Update] The council replied on Friday.", "notes.txt", DetectedFormat.Text)]
    public void Detect_ContentAndExtension_GivesFormat(string text, string name, DetectedFormat expected)
    {
        Assert.Equal(expected, FormatDetector.Detect(text, name));
    }
}
