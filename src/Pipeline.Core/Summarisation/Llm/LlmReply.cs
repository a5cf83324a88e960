using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>A model reply that passed validation: 2-4 summary sentences, 5-10 distinct key phrases and a headline.</summary>
public sealed partial record LlmReply(string Summary, IReadOnlyList<string> Sentences, IReadOnlyList<string> Keywords, string Headline)
{
    public const int MinSentences = 2;
    public const int MaxSentences = 4;
    public const int MinKeywords = 5;
    public const int MaxKeywords = 10;

    /// <summary>Parses and checks a reply's JSON; anything unusable throws <see cref="LlmReplyException"/>, never a summary.</summary>
    public static LlmReply Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new LlmReplyException(FallbackReasons.InvalidReply, "the reply was empty");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new LlmReplyException(FallbackReasons.InvalidReply, "the reply was not JSON: " + ex.Message);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new LlmReplyException(FallbackReasons.InvalidReply, "the reply was not a JSON object");
        }

        var summary = Text(root, "summary");
        var headline = Text(root, "headline");
        var keywords = ReadKeywords(root);
        var sentences = SplitSentences(summary);
        return sentences.Count is < MinSentences or > MaxSentences
            ? throw new LlmReplyException(FallbackReasons.InvalidReply, $"the summary had {sentences.Count} sentences, not {MinSentences}-{MaxSentences}")
            : new LlmReply(summary, sentences, keywords, headline);
    }

    /// <summary>Splits prose into sentences at ., ! or ? followed by a capital, not after a single-letter initial ("U.S. Navy").</summary>
    public static IReadOnlyList<string> SplitSentences(string text) =>
        SentenceEnd().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new LlmReplyException(FallbackReasons.InvalidReply, $"the reply's \"{name}\" was missing or empty");

    private static List<string> ReadKeywords(JsonElement root)
    {
        if (!root.TryGetProperty("keywords", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new LlmReplyException(FallbackReasons.InvalidReply, "the reply's \"keywords\" was missing or not a list");
        }

        var phrases = array.EnumerateArray()
            .Where(k => k.ValueKind == JsonValueKind.String)
            .Select(k => k.GetString()!.Trim())
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return phrases.Count is < MinKeywords or > MaxKeywords
            ? throw new LlmReplyException(FallbackReasons.InvalidReply, $"the reply had {phrases.Count} distinct keywords, not {MinKeywords}-{MaxKeywords}")
            : phrases;
    }

    [GeneratedRegex(@"(?<=(?<!\b\p{Lu})[.!?][""”’')]?)\s+(?=[\p{Lu}\p{N}""“‘(])")]
    private static partial Regex SentenceEnd();
}

/// <summary>A reply that cannot be used as a summary, with the fallback reason to record.</summary>
public sealed class LlmReplyException(string reason, string detail) : Exception(detail)
{
    public string Reason { get; } = reason;
}

/// <summary>The reason codes recorded in <see cref="SummaryDraft.FallbackReason"/> ("code: detail").</summary>
public static class FallbackReasons
{
    public const string CircuitOpen = "circuit-open";
    public const string RetriesExhausted = "retries-exhausted";
    public const string Timeout = "timeout";
    public const string RateLimited = "rate-limited";
    public const string BadRequest = "bad-request";
    public const string ContentFilter = "content-filter";
    public const string Truncated = "truncated";
    public const string InvalidReply = "invalid-reply";
}
