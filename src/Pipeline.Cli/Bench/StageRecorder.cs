using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Watches the host's own storage calls (an <see cref="HttpPipelinePolicy"/> on every storage client, once per call)
/// to time the stages without adding a single request: the first download of an incoming blob (parse starts), the
/// first read of an article's stored blob or of its summary (the summarise trigger has dequeued the article: a paid
/// summariser looks for a summary first, the local one reads the article), and every successful ledger write and
/// summary creation (to count duplicates).
/// </summary>
internal sealed class StageRecorder(string incomingContainer, string articlesContainer, string summariesContainer, string ingestionsTable, TimeProvider time) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _parseStarts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _summariseStarts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _ledgerWrites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _summaryCreates = new(StringComparer.Ordinal);

    /// <summary>Blob name to when the host first downloaded it.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> ParseStarts => _parseStarts;

    /// <summary>Article id to when the summarise stage first read its article or its summary.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> SummariseStarts => _summariseStarts;

    /// <summary>Ledger entity (its address) to how many writes succeeded.</summary>
    public IReadOnlyDictionary<string, int> LedgerWrites => _ledgerWrites;

    /// <summary>Article id to how many summary blobs were created for it.</summary>
    public IReadOnlyDictionary<string, int> SummaryCreates => _summaryCreates;

    public int LedgerWriteCount => _ledgerWrites.Count;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = time.GetUtcNow();
        ProcessNext(message, pipeline);
        Record(message, started);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = time.GetUtcNow();
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Record(message, started);
    }

    private void Record(HttpMessage message, DateTimeOffset started)
    {
        if (!message.HasResponse)
        {
            return;
        }

        // A 404 is an answer too: the summarise stage's first read finds no summary yet.
        var succeeded = message.Response.Status < 300;
        var method = message.Request.Method;
        var path = Uri.UnescapeDataString(message.Request.Uri.Path);
        if (message.Request.Uri.Query.Contains("comp=", StringComparison.Ordinal) || message.Request.Uri.Query.Contains("restype=", StringComparison.Ordinal))
        {
            return;
        }

        if (method == RequestMethod.Get && succeeded && After(path, incomingContainer) is { } blob)
        {
            _parseStarts.TryAdd(blob, started);
        }
        else if (method == RequestMethod.Get && After(path, articlesContainer) is { } article && article.EndsWith(".json", StringComparison.Ordinal))
        {
            _summariseStarts.TryAdd(article[..^".json".Length], started);
        }
        else if (After(path, summariesContainer) is { } summary && summary.EndsWith(".json", StringComparison.Ordinal))
        {
            var id = summary[..^".json".Length];
            if (method == RequestMethod.Get || method == RequestMethod.Head)
            {
                _summariseStarts.TryAdd(id, started);
            }
            else if (method == RequestMethod.Put && message.Response.Status == 201)
            {
                _summaryCreates.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
        }
        else if (succeeded && (method == RequestMethod.Put || method == RequestMethod.Patch || method.Method == "MERGE")
            && path.Contains("/" + ingestionsTable + "(", StringComparison.Ordinal))
        {
            _ledgerWrites.AddOrUpdate(path, 1, (_, n) => n + 1);
        }
    }

    /// <summary>The rest of <paramref name="path"/> after <c>/{container}/</c> (Azurite puts the account first), or null.</summary>
    private static string? After(string path, string container)
    {
        var marker = "/" + container + "/";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 || at + marker.Length >= path.Length ? null : path[(at + marker.Length)..];
    }
}
