using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Summarisation.Llm;

namespace Pipeline.Cli.Bench;

/// <summary>
/// What <see cref="FakeChatServer"/> answers: a summary JSON in the shape the prompt asks for (<c>summary</c>,
/// <c>keywords</c>, <c>headline</c>; see <see cref="SummaryPrompt.Schema"/>), made from the text inside the request's
/// <c>&lt;article&gt;</c> block: its first three sentences, its most frequent longer words, and its title.
/// </summary>
internal static partial class FakeChatReply
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "after", "again", "according", "bulletin", "their", "there", "these", "those", "which", "while", "would", "could", "should", "where", "other", "under", "before", "since", "being", "report", "summarise", "summary",
    };

    /// <summary>The reply's message content for a request whose user message is <paramref name="user"/>.</summary>
    public static string Compose(string user)
    {
        var block = Article().Match(user) is { Success: true } m ? m.Groups[1].Value : user;
        var title = Title().Match(block) is { Success: true } t ? t.Groups[1].Value.Trim() : "";
        var text = Tag().Replace(Title().Replace(block, " "), " ");
        text = KeyPhrases().Replace(text, " ");
        var sentences = LlmReply.SplitSentences(Whitespace().Replace(text, " ")).Take(3).ToList();
        var summary = string.Join(' ', sentences);
        if (LlmReply.UnusableReason(summary, sentences) is not null)
        {
            summary = $"The article reports on {(title.Length > 0 ? title : "a local matter")}. It gives the details in {text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} words.";
        }

        var keywords = Word().Matches(text)
            .Select(w => w.Value.ToLowerInvariant())
            .Where(w => !Common.Contains(w))
            .GroupBy(w => w, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(6)
            .Select(g => g.Key)
            .ToArray();
        var headline = string.Join(' ', (title.Length > 0 ? title : "Local news").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(12));
        return JsonSerializer.Serialize(new FakeSummary(summary, keywords, headline), FakeChatJson.Default.FakeSummary);
    }

    [GeneratedRegex(@"<article>(.*)</article>", RegexOptions.Singleline)]
    private static partial Regex Article();

    [GeneratedRegex(@"<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex Title();

    [GeneratedRegex(@"</?part>")]
    private static partial Regex Tag();

    // In a combine request each part ends with its key phrases, which are not prose.
    [GeneratedRegex(@"Key phrases:[^<\n]*")]
    private static partial Regex KeyPhrases();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\p{L}{5,}")]
    private static partial Regex Word();
}

internal sealed record FakeSummary(string Summary, string[] Keywords, string Headline);
