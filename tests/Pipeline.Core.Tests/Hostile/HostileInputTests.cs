using System.Diagnostics;
using Pipeline.Core.Ingestion;
using Xunit.Abstractions;

namespace Pipeline.Core.Tests.Hostile;

/// <summary>
/// Every file of the <see cref="HostileCorpus"/> ends as articles or as a rejection with the expected code, within a
/// safety budget of 256 MB and 2 s each, plus 1 s per MiB of input for the files near the 10 MiB size limit (parsing is
/// linear in the size; 10 MiB of text took 1.6 s in a Debug build on the shared 2-core test machine, run alone). The
/// class runs in the <see cref="TimedCollection"/>, alone, so the clock measures the parse. Allocated bytes (all
/// allocations on the parsing thread, freed or not) are an upper bound of the parse's peak memory, which is not
/// measurable in-process without noise.
/// </summary>
[Collection(TimedCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(2);
    private const long MemoryBudget = 256L * 1024 * 1024;

    public static TheoryData<string> Names() => [.. HostileCorpus.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_HostileFile_EndsAsArticlesOrItsRejectionWithinTwoSecondsAnd256MB(string name)
    {
        var file = HostileCorpus.All.Single(f => f.Name == name);
        var content = file.Content();
        var parser = new ArticleParser();
        parser.Parse(HostileCorpus.Utf8("warm-up: the parser's code paths are compiled before the clock starts."), "warm.txt");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var outcome = parser.Parse(content, name);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        output.WriteLine($"{name}: {content.Length:N0} bytes in, {clock.Elapsed.TotalMilliseconds:N0} ms, {allocated / (1024.0 * 1024):N1} MB allocated, " +
            (outcome.Rejection is { } r ? $"rejected {r.Code}: {r.Message}" : $"{outcome.Articles.Count} article(s), title '{outcome.Articles[0].Title}'"));
        Assert.Equal(file.Expect, outcome.Rejection?.Code);
        if (outcome.Rejection is { } rejection)
        {
            Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        }
        else
        {
            Assert.NotEmpty(outcome.Articles);
            Assert.All(outcome.Articles, a => Assert.False(string.IsNullOrWhiteSpace(a.Title)));
            Assert.All(outcome.Articles, a => Assert.All(a.Paragraphs, p => Assert.False(string.IsNullOrWhiteSpace(p))));
        }

        var budget = TimeBudget + TimeSpan.FromSeconds(content.Length / (1024.0 * 1024));
        Assert.True(clock.Elapsed < budget, $"{name} took {clock.Elapsed.TotalMilliseconds:N0} ms; the budget is {budget.TotalMilliseconds:N0} ms.");
        Assert.True(allocated < MemoryBudget, $"{name} allocated {allocated:N0} bytes; the budget is {MemoryBudget:N0}.");
    }

    [Fact]
    public void Parse_HtmlWithScriptsHandlersAndHiddenText_KeepsOnlyTheVisibleArticleText()
    {
        var article = Assert.Single(new ArticleParser().Parse(HostileCorpus.Utf8(HostileCorpus.ActiveHtml), "active.html").Articles);
        var text = article.Title + "\n" + string.Join("\n", article.Paragraphs);

        Assert.Contains("approved the new solar array", text, StringComparison.Ordinal);
        Assert.All(HostileCorpus.ActiveMarkers, marker => Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("crlf-title.md")]
    [InlineData("crlf-title.json")]
    public void Parse_TitleWithCrLf_GivesAOneLineTitle(string name)
    {
        var file = HostileCorpus.All.Single(f => f.Name == name);
        var article = Assert.Single(new ArticleParser().Parse(file.Content(), name).Articles);

        Assert.DoesNotContain('\r', article.Title);
        Assert.DoesNotContain('\n', article.Title);
        Assert.StartsWith("Hello Bcc:", article.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverlongUtf8Slash_IsNeverReadAsASlash()
    {
        // C0 AF is an overlong '/': a lenient decoder turns "..\xC0\xAF" into "../".
        var file = HostileCorpus.All.Single(f => f.Name == "overlong-utf8.txt");
        var article = Assert.Single(new ArticleParser().Parse(file.Content(), file.Name).Articles);

        Assert.DoesNotContain("../", string.Join("\n", article.Paragraphs), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GzipFile_IsQuarantinedAsBinaryBecauseCompressedInputIsNotAccepted()
    {
        var outcome = new ArticleParser().Parse(HostileCorpus.All.Single(f => f.Name == "compressed.gz").Content(), "articles.json.gz");

        Assert.Equal(RejectionCodes.Binary, outcome.Rejection?.Code);
        Assert.Contains("gzip", outcome.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MillionElementJsonArray_SaysHowManyArticlesAndTheLimit()
    {
        var outcome = new ArticleParser(maxArticlesPerFile: 1000).Parse(HostileCorpus.All.Single(f => f.Name == "json-1000001-articles.json").Content(), "many.json");

        Assert.Equal(RejectionCodes.TooManyArticles, outcome.Rejection?.Code);
        Assert.Contains("1000001", outcome.Rejection!.Message.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("1000", outcome.Rejection.Message, StringComparison.Ordinal);
    }
}
