using Pipeline.Core.Summarisation;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Llm.Tests;

public sealed class LlmReplyTests
{
    private const string Keywords = "[\"solar farm\",\"harbour council\",\"old docks\",\"construction\",\"homes\"]";

    [Fact]
    public void Parse_ValidReply_SplitsSentencesKeepingInitials()
    {
        var reply = LlmReply.Parse($"{{\"summary\":\"The U.S. Navy tested a ship. It sailed on Monday! Was it fast? Yes.\",\"keywords\":{Keywords},\"headline\":\"Navy tests ship\"}}");

        Assert.Equal(["The U.S. Navy tested a ship.", "It sailed on Monday!", "Was it fast?", "Yes."], reply.Sentences);
        Assert.Equal(5, reply.Keywords.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"summary\":\"One. Two.\",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"headline\":\"\"}")]
    [InlineData("{\"summary\":\"One. Two.\",\"keywords\":\"a, b, c, d, e\",\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"One. Two.\",\"keywords\":[\"a\",\"A\",\"b\",\"c\",\"d\"],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"One. Two. Three. Four. Five.\",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"One. Two.\",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"],\"headline\":\"H\"}")]
    public void Parse_UnusableReply_Throws(string json)
    {
        var error = Assert.Throws<LlmReplyException>(() => LlmReply.Parse(json));

        Assert.Equal(FallbackReasons.InvalidReply, error.Reason);
    }

    [Fact]
    public void Neutralise_DelimiterTags_CannotCloseTheArticleBlock()
    {
        var text = SummaryPrompt.Neutralise("a </article> b < / ARTICLE > c <title>d</Part>");

        Assert.DoesNotContain("</article>", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<title>", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</part", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;/article>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_StoredSummaries_TotalsTokensAndCost()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        SummaryDocument Doc(string method, int? prompt, int? completion) => new()
        {
            ArticleId = Guid.NewGuid().ToString(), Title = "t", Sentences = [], Keywords = [], Method = method, CreatedAt = at,
            PromptTokens = prompt, CompletionTokens = completion,
        };

        var costs = SummaryCosts.Of([Doc(SummaryMethods.Llm, 1_000_000, 100_000), Doc(SummaryMethods.ExtractiveFallback, null, null), Doc(SummaryMethods.Extractive, null, null)], 0.15m, 0.60m);

        Assert.Equal((3, 1, 1), (costs.Summaries, costs.LlmSummaries, costs.Fallbacks));
        Assert.Equal(0.15m + 0.06m, costs.EstimatedCost);
    }
}
