using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;

namespace Pipeline.Core.Storage;

/// <summary>Reads the messages at the head of a queue without taking them (a peek shows at most 32).</summary>
internal static class QueuePeek
{
    /// <summary>The most messages one peek returns (a limit of the queue service).</summary>
    public const int MaxMessages = 32;

    /// <summary>The bodies of up to 32 messages at the head of the queue, decoded; none when the queue does not exist.</summary>
    public static async Task<IReadOnlyList<string>> BodiesAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        if (!await queue.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var peeked = await queue.PeekMessagesAsync(MaxMessages, cancellationToken).ConfigureAwait(false);
        return peeked.Value.Select(m => Decode(m.Body)).ToList();
    }

    /// <summary>The message as JSON, or null when it is not JSON.</summary>
    public static JsonElement? TryReadJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Both hosts write Base64 by default; tolerate plain text written by hand.
    private static string Decode(BinaryData body)
    {
        var text = body.ToString();
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : text;
    }
}
