using System.Text;
using System.Text.RegularExpressions;
using OpenAI.Chat;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>
/// The versioned prompt: system messages are embedded resources (<c>Prompts/summarise-v1.md</c>,
/// <c>Prompts/combine-v1.md</c>), and article text goes inside <c>&lt;article&gt;…&lt;/article&gt;</c> with every
/// delimiter-like tag in it neutralised, so text in an article cannot close the block and steer the model.
/// </summary>
public static partial class SummaryPrompt
{
    /// <summary>Stored on every LLM summary; change it (and the resource names) whenever the prompt changes.</summary>
    public const string Version = "v1";

    public static string SummariseSystem { get; } = Load($"summarise-{Version}.md");

    public static string CombineSystem { get; } = Load($"combine-{Version}.md");

    /// <summary>The JSON schema of the reply, for structured output (strict: every field required, nothing else).</summary>
    public static BinaryData Schema { get; } = BinaryData.FromString("""
        {
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "2 to 4 sentences" },
            "keywords": { "type": "array", "items": { "type": "string" }, "description": "5 to 10 key phrases, best first" },
            "headline": { "type": "string", "description": "at most 12 words" }
          },
          "required": ["summary", "keywords", "headline"],
          "additionalProperties": false
        }
        """);

    /// <summary>The messages that summarise one chunk (<paramref name="part"/> of <paramref name="parts"/>) of an article.</summary>
    public static IReadOnlyList<ChatMessage> ForChunk(string title, IReadOnlyList<string> paragraphs, int part, int parts)
    {
        var user = new StringBuilder();
        user.Append(parts == 1
            ? "Summarise the article inside the article tags below."
            : $"Summarise part {part} of {parts} of a long article, inside the article tags below.");
        user.Append("\n<article>\n<title>").Append(Neutralise(title)).Append("</title>\n");
        user.AppendJoin("\n\n", paragraphs.Select(Neutralise));
        user.Append("\n</article>");
        return [ChatMessage.CreateSystemMessage(SummariseSystem), ChatMessage.CreateUserMessage(user.ToString())];
    }

    /// <summary>The messages that combine partial summaries, in reading order, into one.</summary>
    public static IReadOnlyList<ChatMessage> ForCombine(string title, IReadOnlyList<LlmReply> parts)
    {
        var user = new StringBuilder("Combine the partial summaries inside the article tags below into one summary.");
        user.Append("\n<article>\n<title>").Append(Neutralise(title)).Append("</title>\n");
        foreach (var part in parts)
        {
            user.Append("<part>").Append(Neutralise(part.Summary)).Append(" Key phrases: ")
                .AppendJoin("; ", part.Keywords.Select(Neutralise)).Append("</part>\n");
        }

        user.Append("</article>");
        return [ChatMessage.CreateSystemMessage(CombineSystem), ChatMessage.CreateUserMessage(user.ToString())];
    }

    /// <summary>Escapes the opening bracket of any article, title or part tag so the text cannot open or close a block.</summary>
    public static string Neutralise(string text) => DelimiterTag().Replace(text, "&lt;$1");

    [GeneratedRegex(@"<(\s*/?\s*(?:article|title|part)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DelimiterTag();

    private static string Load(string name)
    {
        using var reader = EmbeddedText.Open("Pipeline.Core.Summarisation.Prompts." + name);
        return reader.ReadToEnd().Trim();
    }
}
