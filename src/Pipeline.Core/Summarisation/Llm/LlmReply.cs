using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>
/// A model reply read tolerantly: the summary is kept whenever it is usable prose, extra sentences and key phrases are
/// trimmed, and a short list of key phrases is kept as it is (the summariser tops it up from the local extractor). Only a
/// reply without a usable summary (empty, not JSON, no summary, JSON or markup in it, a refusal, a fragment) is rejected.
/// </summary>
/// <param name="Summary">The kept sentences, joined.</param>
/// <param name="Sentences">1 to <see cref="MaxSentences"/> summary sentences.</param>
/// <param name="Keywords">0 to <see cref="MaxKeywords"/> distinct key phrases, best first.</param>
/// <param name="Headline">The model's headline, when it gave one.</param>
public sealed partial record LlmReply(string Summary, IReadOnlyList<string> Sentences, IReadOnlyList<string> Keywords, string? Headline)
{
    /// <summary>The fewest sentences the prompt asks for; a shorter summary is still kept.</summary>
    public const int MinSentences = 2;

    /// <summary>The most sentences kept; later ones are dropped.</summary>
    public const int MaxSentences = 4;

    /// <summary>The fewest key phrases a summary should have; fewer are topped up by the summariser.</summary>
    public const int MinKeywords = 5;

    /// <summary>The most key phrases kept; later (less important) ones are dropped.</summary>
    public const int MaxKeywords = 10;

    /// <summary>The most words a key phrase may have; longer "phrases" are sentences and are dropped.</summary>
    public const int MaxKeywordWords = 6;

    /// <summary>What was repaired to keep the reply ("dropped 2 extra sentences"), for the log; empty when nothing was.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>Parses a reply's JSON; a reply without a usable summary throws <see cref="LlmReplyException"/>, never a summary.</summary>
    public static LlmReply Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw Invalid("the reply was empty");
        }

        var root = ReadObject(content);
        var repairs = new List<string>();
        var summary = Prose(root, "summary");
        var sentences = SplitSentences(summary);
        if (UnusableReason(summary, sentences) is { } reason)
        {
            throw Invalid("the summary is not usable prose: " + reason);
        }

        if (sentences.Count > MaxSentences)
        {
            repairs.Add($"dropped {sentences.Count - MaxSentences} sentences after the first {MaxSentences}");
            sentences = sentences.Take(MaxSentences).ToList();
        }
        else if (sentences.Count < MinSentences)
        {
            repairs.Add($"kept a {sentences.Count}-sentence summary");
        }

        var keywords = ReadKeywords(root, repairs);
        var headline = Prose(root, "headline");
        if (headline.Length == 0)
        {
            repairs.Add("no headline");
        }

        return new LlmReply(string.Join(' ', sentences), sentences, keywords, headline.Length > 0 ? headline : null) { Repairs = repairs };
    }

    /// <summary>Splits prose into sentences at ., ! or ? followed by a capital, not after a single-letter initial ("U.S. Navy").</summary>
    public static IReadOnlyList<string> SplitSentences(string text) =>
        SentenceEnd().Split(text.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    /// <summary>Why <paramref name="summary"/> cannot stand as a summary, or null when it can.</summary>
    /// <remarks>
    /// Rejected: JSON or code (braces, brackets, fences), markdown lists or headings, refusals and apologies ("I'm sorry",
    /// "As an AI"), and fragments too short to tell the reader anything (under 20 letters, or under 4 words in a script with spaces). Everything else is
    /// kept, including one long sentence or a summary in another language.
    /// </remarks>
    public static string? UnusableReason(string summary, IReadOnlyList<string> sentences)
    {
        var text = summary.Trim();
        if (text.Length == 0)
        {
            return "empty";
        }

        if (text[0] is '{' or '[' or '<' || text.Contains("```", StringComparison.Ordinal) || JsonKey().IsMatch(text))
        {
            return "JSON or markup";
        }

        if (MarkdownLine().IsMatch(text))
        {
            return "a list or markdown";
        }

        if (Refusal().IsMatch(text))
        {
            return "a refusal or an apology";
        }

        var letters = 0;
        var visible = 0;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                visible++;
                letters += char.IsLetter(c) ? 1 : 0;
            }
        }

        if (letters < visible * 0.6)
        {
            return "mostly symbols or numbers";
        }

        // Scripts written without spaces (Chinese, Japanese) are judged by letters alone.
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return letters < 20 || (words < 4 && text.Contains(' ', StringComparison.Ordinal)) || sentences.Count == 0 ? "too short" : null;
    }

    /// <summary>The JSON object in the reply: the whole reply, or the object inside a code fence or surrounding chatter.</summary>
    private static JsonElement ReadObject(string content)
    {
        var start = content.IndexOf('{', StringComparison.Ordinal);
        var end = content.LastIndexOf('}');
        var candidates = start > 0 && end > start ? new[] { content, content[start..(end + 1)] } : [content];
        JsonException? error = null;
        foreach (var candidate in candidates)
        {
            try
            {
                using var document = JsonDocument.Parse(candidate);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException ex)
            {
                error ??= ex;
            }
        }

        throw Invalid(error is null ? "the reply was not a JSON object" : "the reply was not JSON: " + error.Message);
    }

    private static string Prose(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";

    /// <summary>The key phrases: a list of strings, or one string separated by commas or semicolons; distinct, short, at most <see cref="MaxKeywords"/>.</summary>
    private static List<string> ReadKeywords(JsonElement root, List<string> repairs)
    {
        IEnumerable<string> raw = root.TryGetProperty("keywords", out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Array => value.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!),
                JsonValueKind.String => value.GetString()!.Split([',', ';']),
                _ => [],
            }
            : [];
        var phrases = raw
            .Select(k => k.Trim().Trim('"', '\'', '.', '#', '*'))
            .Where(k => k.Length > 0 && k.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxKeywordWords)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (phrases.Count > MaxKeywords)
        {
            repairs.Add($"dropped {phrases.Count - MaxKeywords} key phrases after the first {MaxKeywords}");
            phrases.RemoveRange(MaxKeywords, phrases.Count - MaxKeywords);
        }
        else if (phrases.Count < MinKeywords)
        {
            repairs.Add($"only {phrases.Count} usable key phrases");
        }

        return phrases;
    }

    private static LlmReplyException Invalid(string detail) => new(FallbackReasons.InvalidReply, detail);

    [GeneratedRegex(@"(?<=(?<!\b\p{Lu})[.!?][""”’')]?)\s+(?=[\p{Lu}\p{N}""“‘(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"""[\w ]{1,30}""\s*:\s*[""\[{\d]")]
    private static partial Regex JsonKey();

    [GeneratedRegex(@"^\s*(?:[-*•]\s|\d+[.)]\s|#+\s)", RegexOptions.Multiline)]
    private static partial Regex MarkdownLine();

    [GeneratedRegex(@"^\W*(?:I'm sorry|I am sorry|Sorry,|I cannot\b|I can't\b|I can’t\b|I'm unable|I am unable|I'm not able|I am not able|I won't|As an AI\b|As a language model\b|Unfortunately, I\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Refusal();
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
