using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class MarkdownParserTests
{
    private static ParsedArticle Parse(string markdown) => MarkdownParser.Parse(markdown, "story.md")!;

    [Fact]
    public void Parse_IndentedCodeBlock_Dropped()
    {
        var article = Parse("# Release notes\n\nThe new version is faster.\n\n    var x = Compute(1);\n    return x;\n\nUpgrade when you can.\n");

        Assert.Equal(["The new version is faster.", "Upgrade when you can."], article.Paragraphs);
    }

    [Fact]
    public void Parse_FencedCodeWithBackticksAndTildes_Dropped()
    {
        var markdown = "# Guide\n\nInstall it first.\n\n```bash\nsudo apt-get install tool\n```\n\nThen configure it.\n\n~~~\nkey = value\n```\nnot the end\n~~~\n\nDone.\n";

        Assert.Equal(["Install it first.", "Then configure it.", "Done."], Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_NestedLists_EachItemIsAParagraphInReadingOrder()
    {
        var markdown = "# Plan\n\n1. Survey the site\n   - north field\n   - south field\n     * drainage\n2. Apply for permits\n\n   The council needs six weeks.\n3. Build\n";

        Assert.Equal(
            ["Survey the site", "north field", "south field", "drainage", "Apply for permits", "The council needs six weeks.", "Build"],
            Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_PipeTable_EachRowIsCellsJoinedByBars()
    {
        var markdown = "# Results\n\nTurnout by ward:\n\n| Ward | Turnout |\n|------|--------:|\n| North | 41% |\n| *South* | |\n\nCounting ended at midnight.\n";

        Assert.Equal(["Turnout by ward:", "Ward | Turnout", "North | 41%", "South", "Counting ended at midnight."], Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_SnakeCaseWordsAndEmphasis_MarkersRemovedWordsIntact()
    {
        var article = Parse("# Config\n\nSet *max_retry_count* and __very__ _important_ snake_case_words in config_v2_final, not ~~old_name~~ or **bold**.\n");

        Assert.Equal(["Set max_retry_count and very important snake_case_words in config_v2_final, not old_name or bold."], article.Paragraphs);
    }

    [Fact]
    public void Parse_SetextHeadings_FirstLevelOneIsTitleLevelTwoIsAParagraph()
    {
        var article = Parse("Harbour reopens\n===============\n\nThe harbour reopened on Friday.\n\nWhat changed\n------------\n\nThe wall was rebuilt.\n");

        Assert.Equal("Harbour reopens", article.Title);
        Assert.Equal(["The harbour reopened on Friday.", "What changed", "The wall was rebuilt."], article.Paragraphs);
    }

    [Fact]
    public void Parse_HardLineBreaks_StayInTheirParagraphAsSpaces()
    {
        var article = Parse("# Address\n\nThe office moved to  \n12 Quay Street\\\nPortsmouth.\n\nIt opens Monday.\n");

        Assert.Equal(["The office moved to 12 Quay Street Portsmouth.", "It opens Monday."], article.Paragraphs);
    }

    [Fact]
    public void Parse_HtmlBlocksAndInlineHtml_ReducedToTheirText()
    {
        var markdown = "# Notes\n\n<div class=\"callout\">\n<p>Polls close at <b>10pm</b>.</p>\n</div>\n\n<!-- editor: check the figures -->\n\n<script>track();</script>\n\nTurnout was <em>high</em>, officials<br>said. H<sub>2</sub>O levels rose.\n";

        Assert.Equal(["Polls close at 10pm.", "Turnout was high, officials said. H2O levels rose."], Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_LinkReferenceDefinitions_DroppedAndLinksKeepTheirText()
    {
        var markdown = "# Sources\n\nSee the [agency report][report], the [budget] and <https://example.org/data>.\n\n[report]: https://example.gov/report \"Report\"\n[budget]: <https://example.gov/budget>\n\nMore to follow.\n";

        Assert.Equal(["See the agency report, the budget and https://example.org/data.", "More to follow."], Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_Images_DroppedWithTheirAltText()
    {
        var article = Parse("# Floods\n\n![Aerial photo of the flooded valley](valley.jpg)\n\nThe river rose [![icon](i.png)](https://example.org) two metres ![chart](c.png) overnight.\n");

        Assert.Equal(["The river rose two metres overnight."], article.Paragraphs);
    }

    [Fact]
    public void Parse_BlockQuoteWithList_QuoteParagraphsAndItemsInOrder()
    {
        var markdown = "# Statement\n\nThe minister said:\n\n> We will act on three fronts:\n>\n> - housing\n> - transport\n>\n> > and, above all, jobs.\n\nCritics were unconvinced.\n";

        Assert.Equal(
            ["The minister said:", "We will act on three fronts:", "housing", "transport", "and, above all, jobs.", "Critics were unconvinced."],
            Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_InlineCodeEntitiesAndEscapes_KeptAsText()
    {
        var article = Parse("# Tips\n\nRun `git status` &amp; check \\*stars\\* &copy; 2025 \\# not a heading.\n");

        Assert.Equal(["Run git status & check *stars* © 2025 # not a heading."], article.Paragraphs);
    }

    [Fact]
    public void Parse_FrontMatterTitleRepeatedAsFirstHeading_HeadingNotRepeated()
    {
        var article = Parse("---\ntitle: \"Naps help memory\"\n---\n\n# Naps Help Memory\n\nA short nap helped.\n");

        Assert.Equal("Naps help memory", article.Title);
        Assert.Equal(["A short nap helped."], article.Paragraphs);
    }

    [Fact]
    public void Parse_FrontMatterTitleDiffersFromFirstHeading_HeadingKeptAsParagraph()
    {
        var article = Parse("---\ntitle: Naps help memory\n---\n\n# Trial results\n\nA short nap helped.\n");

        Assert.Equal("Naps help memory", article.Title);
        Assert.Equal(["Trial results", "A short nap helped."], article.Paragraphs);
    }

    [Fact]
    public void Parse_LevelOneHeadingAfterBodyText_SectionNotTitle()
    {
        var article = Parse("The council met on Tuesday.\n\n# Decisions\n\nThe budget passed.\n");

        Assert.Equal("The council met on Tuesday.", article.Title);
        Assert.Equal(["The council met on Tuesday.", "Decisions", "The budget passed."], article.Paragraphs);
    }

    [Fact]
    public void Parse_PromoAndEmbedLikeLines_KeptBecausePlainTextCleanUpDoesNotApply()
    {
        var markdown = "# Ferry fares\n\nFares rise 4% in April.\n\nREAD ALSO: SEVEN ISLANDS TO VISIT THIS SUMMER\n\nRead more about fuel costs in our guide.\n\nSee pic.twitter.com/abc123 for the timetable.\n";

        Assert.Equal(
            ["Fares rise 4% in April.", "READ ALSO: SEVEN ISLANDS TO VISIT THIS SUMMER", "Read more about fuel costs in our guide.", "See pic.twitter.com/abc123 for the timetable."],
            Parse(markdown).Paragraphs);
    }

    [Fact]
    public void Parse_BylineAndDateLinesUnderTitle_ReadAsMetadata()
    {
        var article = Parse("# Museum reopens\n\nBy Helen O'Brien\n\n14 June 2025\n\nThe museum reopened.\n");

        Assert.Equal("Helen O'Brien", article.Metadata.Byline);
        Assert.Equal(new DateTimeOffset(2025, 6, 14, 0, 0, 0, TimeSpan.Zero), article.Metadata.Published);
        Assert.Equal(["The museum reopened."], article.Paragraphs);
    }

    [Fact]
    public void Parse_OnlyFrontMatterTitleAndCode_Null()
    {
        Assert.Null(MarkdownParser.Parse("---\ntitle: Empty\n---\n\n# Empty\n\n```\ncode only\n```\n\n---\n", "empty.md"));
    }

    [Fact]
    public void Parse_ThousandsOfNestedQuotes_ThrowsInvalidDataInsteadOfOverflowing()
    {
        var markdown = "# Deep\n\nTop text.\n\n" + new string('>', 20_000) + " buried\n";

        Assert.Throws<InvalidDataException>(() => MarkdownParser.Parse(markdown, "deep.md"));
    }

    [Fact]
    public void Parse_FiftyNestedQuotes_InnermostTextKept()
    {
        var article = Parse("# Deep\n\n" + new string('>', 50) + " buried\n");

        Assert.Equal(["buried"], article.Paragraphs);
    }

    [Fact]
    public void Parse_WindowsLineEndingsAndByteOrderMark_FrontMatterAndBodyRead()
    {
        var article = Parse("\uFEFF---\r\ntitle: Rates held\r\ntags: [economy]\r\n---\r\n\r\nThe bank kept rates\r\nat 4%.\r\n");

        Assert.Equal("Rates held", article.Title);
        Assert.Equal(["economy"], article.Metadata.Tags);
        Assert.Equal(["The bank kept rates at 4%."], article.Paragraphs);
    }
}
