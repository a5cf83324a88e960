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
    [InlineData("not json at all")]
    [InlineData("{\"summary\": \"The council met.")]
    [InlineData("{\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"  \",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"PWNED\",\"keywords\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"{\\\"summary\\\": \\\"The harbour council approved a solar farm.\\\"}\",\"keywords\":[],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"I'm sorry, but I can't help with summarising this article as it stands.\",\"keywords\":[],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"As an AI language model, I do not summarise articles about this topic.\",\"keywords\":[],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"- The council approved a solar farm.\\n- Construction starts in spring.\",\"keywords\":[],\"headline\":\"H\"}")]
    [InlineData("{\"summary\":\"12,400 / 3.5% / 2026-01-05 / 17:00 / 4,000 / 7-2\",\"keywords\":[],\"headline\":\"H\"}")]
    public void Parse_UnusableSummary_Throws(string json)
    {
        var error = Assert.Throws<LlmReplyException>(() => LlmReply.Parse(json));

        Assert.Equal(FallbackReasons.InvalidReply, error.Reason);
    }

    [Fact]
    public void Parse_OneSentenceAndThreeKeyPhrases_KeepsThemAsTheyAre()
    {
        var reply = LlmReply.Parse("{\"summary\":\"The harbour council approved a solar farm on the old docks.\",\"keywords\":[\"solar farm\",\"harbour council\",\"old docks\"],\"headline\":\"Council approves solar farm\"}");

        Assert.Equal(["The harbour council approved a solar farm on the old docks."], reply.Sentences);
        Assert.Equal(["solar farm", "harbour council", "old docks"], reply.Keywords);
        Assert.NotEmpty(reply.Repairs);
    }

    [Fact]
    public void Parse_TooManySentencesAndPhrases_KeepsTheFirstOnes()
    {
        var phrases = string.Join(',', Enumerable.Range(1, 13).Select(i => $"\"phrase {i}\""));
        var reply = LlmReply.Parse($"{{\"summary\":\"One thing happened. Two things happened. Three things happened. Four things happened. Five things happened.\",\"keywords\":[{phrases}],\"headline\":\"H\"}}");

        Assert.Equal(LlmReply.MaxSentences, reply.Sentences.Count);
        Assert.Equal("Four things happened.", reply.Sentences[^1]);
        Assert.Equal("One thing happened. Two things happened. Three things happened. Four things happened.", reply.Summary);
        Assert.Equal(Enumerable.Range(1, LlmReply.MaxKeywords).Select(i => $"phrase {i}"), reply.Keywords);
    }

    [Theory]
    [InlineData("{\"summary\":\"The council met on Monday. It voted for the farm.\",\"keywords\":[\"a\",\"A\",\"b\",\"c\",\"d\",\"e\"]}", 5, null)]
    [InlineData("{\"summary\":\"The council met on Monday. It voted for the farm.\",\"keywords\":\"a, b; c, d, e\",\"headline\":\"\"}", 5, null)]
    [InlineData("{\"summary\":\"The council met on Monday. It voted for the farm.\",\"keywords\":{\"a\":1},\"headline\":\"H\"}", 0, "H")]
    [InlineData("Here is the summary:\n```json\n{\"summary\":\"The council met on Monday. It voted for the farm.\",\"keywords\":[\"a\",\"this is a whole sentence, not a key phrase\"],\"headline\":\"H\"}\n```", 1, "H")]
    public void Parse_SloppyButUsableReply_KeepsTheSummary(string json, int keywords, string? headline)
    {
        var reply = LlmReply.Parse(json);

        Assert.Equal(["The council met on Monday.", "It voted for the farm."], reply.Sentences);
        Assert.Equal(keywords, reply.Keywords.Count);
        Assert.Equal(headline, reply.Headline);
    }

    [Theory]
    [InlineData("The harbour council approved a solar farm on the old docks.")]
    [InlineData("Sorry state of the docks leads council to approve a solar farm.")]
    [InlineData("港务委员会周二批准在旧码头上建设一座太阳能发电场，明年春天开工。")]
    public void UnusableReason_ShortButRealProse_IsNull(string summary) =>
        Assert.Null(LlmReply.UnusableReason(summary, LlmReply.SplitSentences(summary)));

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

    [Fact]
    public void Of_StoredSummaries_CountsPaidRepliesDiscarded()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        SummaryDocument Doc(string method, int? prompt, int? discarded) => new()
        {
            ArticleId = Guid.NewGuid().ToString(), Title = "t", Sentences = [], Keywords = [], Method = method, CreatedAt = at,
            PromptTokens = prompt, CompletionTokens = prompt, DiscardedReplies = discarded,
        };

        var costs = SummaryCosts.Of(
            [
                Doc(SummaryMethods.Llm, 800, null),
                Doc(SummaryMethods.ExtractiveFallback, 2400, 3),
                Doc(SummaryMethods.ExtractiveFallback, null, null),
                // Stored before the count was recorded: a fallback with tokens discarded at least one reply.
                Doc(SummaryMethods.ExtractiveFallback, 800, null),
            ],
            0.15m,
            0.60m);

        Assert.Equal(4, costs.PaidRepliesDiscarded);
    }
}
