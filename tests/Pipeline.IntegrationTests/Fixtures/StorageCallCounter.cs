using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Pipeline.Core.Storage;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>One kind of storage request: in which stage, to which service, with which method, on which container, queue or table.</summary>
internal sealed record StorageCall(string Stage, StorageService? Service, string Method, string Resource);

/// <summary>
/// Counts every storage request (each attempt, retries included: what the account bills) by the stage that made it,
/// the service, the HTTP method (with <c>comp=</c>, when the request has one) and the resource. Register it with
/// <c>AddStoragePolicy</c>; a test names the stage it is in with <see cref="In"/>.
/// </summary>
internal sealed class StorageCallCounter(string? nameSuffix = null) : HttpPipelineSynchronousPolicy
{
    private static readonly AsyncLocal<string?> CurrentStage = new();
    private readonly ConcurrentDictionary<StorageCall, int> _calls = new();

    /// <summary>Every kind of request seen, with how many times.</summary>
    public IReadOnlyDictionary<StorageCall, int> Calls => _calls;

    public int Total => _calls.Values.Sum();

    /// <summary>Counts the requests made on this async flow, until disposed, under <paramref name="stage"/>.</summary>
    public static IDisposable In(string stage)
    {
        var previous = CurrentStage.Value;
        CurrentStage.Value = stage;
        return new Restore(previous);
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var comp = Query(request.Uri.Query, "comp");
        var method = request.Method.ToString() + (comp is null ? "" : " comp=" + comp);
        var call = new StorageCall(CurrentStage.Value ?? "other", StoragePipelinePolicy.ServiceOf(message), method, ResourceOf(request.Uri.ToUri(), nameSuffix));
        _calls.AddOrUpdate(call, 1, (_, n) => n + 1);
    }

    public void Reset() => _calls.Clear();

    /// <summary>The container, queue or table: the first segment of the path (the second on a path-style address, as Azurite's).</summary>
    internal static string ResourceOf(Uri uri, string? nameSuffix)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pathStyle = IPAddress.TryParse(uri.Host, out _) || uri.IsLoopback;
        var index = pathStyle ? 1 : 0;
        var name = segments.Length > index ? Uri.UnescapeDataString(segments[index]) : "(account)";
        // Table entity addresses are Table(PartitionKey='..',RowKey='..').
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren >= 0 ? name[..paren] : name;
        return nameSuffix is { Length: > 0 } ? name.Replace("-" + nameSuffix, "", StringComparison.Ordinal).Replace(nameSuffix, "", StringComparison.Ordinal) : name;
    }

    private static string? Query(string query, string key)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == key)
            {
                return pair[(eq + 1)..];
            }
        }

        return null;
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentStage.Value = previous;
    }
}
