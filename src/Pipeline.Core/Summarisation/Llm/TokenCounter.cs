using Microsoft.ML.Tokenizers;
using OpenAI.Chat;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>Counts tokens as gpt-4o and gpt-4o-mini do (o200k_base), from the data package shipped with the app.</summary>
public static class TokenCounter
{
    // Each chat message costs its content plus a few tokens of framing; the reply is primed with 3 more.
    private const int PerMessageOverhead = 3;
    private const int ReplyPriming = 3;

    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static int Count(string text) => Tokenizer.Value.CountTokens(text);

    /// <summary>The prompt tokens a chat request's messages cost (the structured-output schema is not included).</summary>
    public static int Count(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => PerMessageOverhead + m.Content.Sum(part => part.Text is null ? 0 : Count(part.Text))) + ReplyPriming;

    /// <summary>The longest prefix of <paramref name="text"/> that fits in <paramref name="maxTokens"/>, as a character count.</summary>
    public static int PrefixLength(string text, int maxTokens) =>
        Tokenizer.Value.GetIndexByTokenCount(text, maxTokens, out _, out _);
}
