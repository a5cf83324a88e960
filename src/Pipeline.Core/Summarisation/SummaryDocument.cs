namespace Pipeline.Core.Summarisation;

/// <summary>A summary as stored in <c>summaries/{ArticleId}.json</c>.</summary>
public sealed record SummaryDocument
{
    public required string ArticleId { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<string> Sentences { get; init; }

    public required IReadOnlyList<Keyword> Keywords { get; init; }

    /// <summary><c>extractive</c>, <c>llm</c> or <c>extractive-fallback</c>.</summary>
    public required string Method { get; init; }

    public string? FallbackReason { get; init; }

    public string? Model { get; init; }

    public string? PromptVersion { get; init; }

    public string? Headline { get; init; }

    /// <summary><c>llm</c>, <c>llm+local</c> or <c>local</c>; absent on summaries stored before it was recorded.</summary>
    public string? KeywordsFrom { get; init; }

    /// <summary>Paid model replies that were discarded before this summary fell back; absent when none were.</summary>
    public int? DiscardedReplies { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public double? LatencyMs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static SummaryDocument From(string articleId, string title, SummaryDraft draft, DateTimeOffset createdAt) => new()
    {
        ArticleId = articleId,
        Title = title,
        Sentences = draft.Sentences,
        Keywords = draft.Keywords,
        Method = draft.Method,
        FallbackReason = draft.FallbackReason,
        Model = draft.Model,
        PromptVersion = draft.PromptVersion,
        Headline = draft.Headline,
        KeywordsFrom = draft.KeywordsFrom,
        DiscardedReplies = draft.DiscardedReplies,
        PromptTokens = draft.PromptTokens,
        CompletionTokens = draft.CompletionTokens,
        LatencyMs = draft.Latency?.TotalMilliseconds,
        CreatedAt = createdAt,
    };
}
