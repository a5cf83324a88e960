using Pipeline.Core.Ingestion;

namespace Pipeline.Core.Tests.Ingestion;

public sealed class MarkdownFrontMatterTests
{
    [Fact]
    public void Read_QuotedStrings_UnquotedWithEscapesAndColonsKept()
    {
        var metadata = MarkdownFrontMatter.Read("title: \"Rivers: a \\\"wet\\\" year\"\nauthor: 'Ana O''Neill'\nsite_name: \"\"\nsource: Wire");

        Assert.Equal("Rivers: a \"wet\" year", metadata.Title);
        Assert.Equal("Ana O'Neill", metadata.Byline);
        Assert.Equal("Wire", metadata.SiteName);
    }

    [Theory]
    [InlineData("date: 2025-02-10", "2025-02-10T00:00:00+00:00")]
    [InlineData("published: 2025-02-10T09:30:00+01:00", "2025-02-10T09:30:00+01:00")]
    [InlineData("date: \"10 February 2025\"", "2025-02-10T00:00:00+00:00")]
    [InlineData("pubdate: Mon, 10 Feb 2025 09:30:00 GMT", "2025-02-10T09:30:00+00:00")]
    public void Read_DateForms_Parsed(string yaml, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MarkdownFrontMatter.Read(yaml).Published);
    }

    [Fact]
    public void Read_UnreadableDate_IgnoredAndOtherFieldsKept()
    {
        var metadata = MarkdownFrontMatter.Read("date: sometime last spring\ntitle: Spring");

        Assert.Null(metadata.Published);
        Assert.Equal("Spring", metadata.Title);
    }

    [Fact]
    public void Read_FlowBlockAndCommaLists_TagsMergedWithoutRepeats()
    {
        var metadata = MarkdownFrontMatter.Read("tags: [weather, \"floods\"]\nkeywords:\n  - Floods\n  - rivers\ncategories: news, local");

        Assert.Equal(["weather", "floods", "rivers", "news", "local"], metadata.Tags);
    }

    [Fact]
    public void Read_AuthorListAndAuthorObject_Joined()
    {
        Assert.Equal("Ana Ruiz, Li Wei", MarkdownFrontMatter.Read("authors:\n  - Ana Ruiz\n  - name: Li Wei\n").Byline);
        Assert.Equal("Ana Ruiz", MarkdownFrontMatter.Read("author:\n  name: Ana Ruiz\n  email: ana@example.org\n").Byline);
    }

    [Fact]
    public void Read_KeysInAnyCaseAndFirstNonEmptyAlias_Used()
    {
        var metadata = MarkdownFrontMatter.Read("Title: ~\nHeadline: Bridge opens\nURL: https://example.org/bridge\nLang: en-GB\n");

        Assert.Equal("Bridge opens", metadata.Title);
        Assert.Equal("https://example.org/bridge", metadata.Url);
        Assert.Equal("en-GB", metadata.Language);
    }

    [Fact]
    public void Read_FoldedMultilineTitle_CollapsedToOneLine()
    {
        Assert.Equal("A long title over two lines", MarkdownFrontMatter.Read("title: >\n  A long title\n  over two lines\n").Title);
    }

    [Fact]
    public void Read_InvalidYamlWithUnquotedColon_PlainLinesStillRead()
    {
        var metadata = MarkdownFrontMatter.Read("title: Rivers: a story\ndate: 2025-02-10\ntags:\n  - weather\n  - floods\n");

        Assert.Equal("Rivers: a story", metadata.Title);
        Assert.Equal(new DateTimeOffset(2025, 2, 10, 0, 0, 0, TimeSpan.Zero), metadata.Published);
        Assert.Equal(["weather", "floods"], metadata.Tags);
    }

    [Theory]
    [InlineData("title: [unclosed")]
    [InlineData("\ttitle: tab indented")]
    [InlineData("title: a\ntitle: b")]
    [InlineData("just a sentence")]
    [InlineData("- a\n- list")]
    [InlineData("")]
    [InlineData("title: &a [*a]")]
    [InlineData("title: *undefined")]
    [InlineData("? [a, b]\n: value\ntitle: x")]
    [InlineData("%YAML 9.9\n---\ntitle: x")]
    [InlineData("title: !!int not-a-number")]
    [InlineData("title: x\n---\ntitle: second document")]
    public void Read_OddOrInvalidYaml_NeverThrows(string yaml)
    {
        var metadata = MarkdownFrontMatter.Read(yaml);

        Assert.NotNull(metadata);
    }

    [Fact]
    public void Parse_InvalidFrontMatter_BodyStillParsed()
    {
        var article = MarkdownParser.Parse("---\nsummary: [unclosed\n  bad: : :\nauthor: Ana: Ruiz\n---\n\nThe body survives.\n", "bad.md")!;

        Assert.Equal(["The body survives."], article.Paragraphs);
        Assert.Equal("The body survives.", article.Title);
        Assert.Equal("Ana: Ruiz", article.Metadata.Byline);
    }
}
