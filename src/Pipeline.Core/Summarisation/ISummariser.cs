namespace Pipeline.Core.Summarisation;

/// <summary>A ranked key phrase with its score (higher is more important; scores compare only within one article).</summary>
public sealed record Keyword(string Phrase, double Score);

/// <summary>The text a summariser works on.</summary>
/// <param name="ArticleId">The article's content-derived id.</param>
/// <param name="Title">The article's title.</param>
/// <param name="Paragraphs">The body paragraphs in reading order.</param>
/// <param name="Language">The article's language as a BCP-47 tag ("en", "es"), when known.</param>
public sealed record SummaryRequest(string ArticleId, string Title, IReadOnlyList<string> Paragraphs, string? Language = null);

/// <summary>What a summariser produced for one article.</summary>
/// <param name="Sentences">Summary sentences, in the order they should be read.</param>
/// <param name="Keywords">Key phrases, best first.</param>
/// <param name="Method">How the summary was made: <c>extractive</c>, <c>llm</c> or <c>extractive-fallback</c>.</param>
public sealed record SummaryDraft(IReadOnlyList<string> Sentences, IReadOnlyList<Keyword> Keywords, string Method)
{
    /// <summary>Why the preferred method was not used, when it was not.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>The model that wrote the summary, for LLM summaries.</summary>
    public string? Model { get; init; }

    /// <summary>The version of the prompt the model was given, for LLM summaries (with the model, part of the summary's identity).</summary>
    public string? PromptVersion { get; init; }

    /// <summary>A headline the model wrote, for LLM summaries.</summary>
    public string? Headline { get; init; }

    /// <summary>Where the key phrases came from: <c>llm</c>, <c>llm+local</c> (the model's, topped up by the local extractor) or <c>local</c>.</summary>
    public string? KeywordsFrom { get; init; }

    /// <summary>Model replies that were paid for but not used (the summary fell back after them); null when none were.</summary>
    public int? DiscardedReplies { get; init; }

    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    public TimeSpan? Latency { get; init; }
}

/// <summary>Writes a summary and keywords for one article. Chosen once, at registration, from configuration.</summary>
public interface ISummariser
{
    /// <summary>
    /// True when a call is paid for (a model): <see cref="SummaryService"/> then looks for an existing summary before
    /// calling, so that a message delivered twice is never paid twice. A local summariser costs less than that look
    /// (one storage request), so its rare repeat is computed and dropped by the create-if-absent write instead.
    /// </summary>
    bool IsPaid => false;

    Task<SummaryDraft> SummariseAsync(SummaryRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The names of the summary methods recorded on every summary.</summary>
public static class SummaryMethods
{
    public const string Extractive = "extractive";
    public const string Llm = "llm";
    public const string ExtractiveFallback = "extractive-fallback";
}

/// <summary>The values of <see cref="SummaryDraft.KeywordsFrom"/>.</summary>
public static class KeywordSources
{
    /// <summary>Every key phrase came from the model.</summary>
    public const string Llm = "llm";

    /// <summary>The model gave too few key phrases and the local extractor added the rest, after the model's.</summary>
    public const string LlmAndLocal = "llm+local";

    /// <summary>Every key phrase came from the local extractor.</summary>
    public const string Local = "local";
}
