using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Pipeline.Core.Storage;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>What an injected fault looks like to the storage client.</summary>
internal enum StorageFault
{
    /// <summary>503 ServerBusy, without reaching storage: the account is throttling.</summary>
    ServerBusy,

    /// <summary>500 InternalError, without reaching storage: what a full disk or a failed node answers.</summary>
    InternalError,

    /// <summary>507 Insufficient Storage, without reaching storage: the disk is full.</summary>
    InsufficientStorage,

    /// <summary>An <see cref="IOException"/> thrown before the request is sent: the connection broke.</summary>
    ConnectionReset,

    /// <summary>
    /// The request reaches storage and is carried out, but the answer is lost and a 500 comes back instead: a retry
    /// repeats a write that has already happened.
    /// </summary>
    LostResponse,
}

/// <summary>
/// Injects storage faults in bursts: each request starts a burst with probability <see cref="BurstChance"/>, and a
/// burst fails the next <see cref="BurstLength"/> requests (1 to that many, chosen at random) on the same service.
/// Seeded, so a failing run can be repeated. Register it with <c>AddStoragePolicy</c> at
/// <see cref="HttpPipelinePosition.PerRetry"/>, so that the SDK's retry policy meets each fault.
/// </summary>
internal sealed class StorageFaultInjector(int seed, string? nameSuffix = null) : HttpPipelinePolicy
{
    private readonly Random _random = new(seed);

    public int Seed => seed;
    private readonly Lock _gate = new();
    private readonly Dictionary<StorageService, (int Left, StorageFault Fault)> _bursts = [];
    private readonly ConcurrentDictionary<(StorageService?, StorageFault, string), int> _injected = new();
    private readonly Dictionary<string, (int Left, StorageFault Fault)> _targeted = new(StringComparer.Ordinal);
    private int _requests;
    private long _outageUntil;
    private StorageFault _outageFault;

    /// <summary>The chance that a request starts a burst.</summary>
    public double BurstChance { get; init; } = 0.02;

    /// <summary>The chance that a request starts a burst, for the services that differ from <see cref="BurstChance"/>.</summary>
    public IReadOnlyDictionary<StorageService, double> BurstChanceOf { get; init; } = new Dictionary<StorageService, double>();

    /// <summary>The longest burst, in requests.</summary>
    public int BurstLength { get; init; } = 3;

    /// <summary>The faults to choose from, one per burst.</summary>
    public IReadOnlyList<StorageFault> Faults { get; init; } = Enum.GetValues<StorageFault>();

    /// <summary>Off, every request goes through untouched.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Fails every request on every service with <paramref name="fault"/> for <paramref name="duration"/> from now,
    /// bursts or not: storage that is away (throttled, or its disk full) for a while.
    /// </summary>
    public void StartOutage(TimeSpan duration, StorageFault fault = StorageFault.ServerBusy)
    {
        lock (_gate)
        {
            _outageFault = fault;
            Volatile.Write(ref _outageUntil, Environment.TickCount64 + (long)duration.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Fails the next <paramref name="times"/> requests named <paramref name="request"/> (method and resource, as
    /// <see cref="Injected"/> names them: "PUT SummaryIndex") with <paramref name="fault"/>, bursts or not.
    /// </summary>
    public void FailNext(string request, int times, StorageFault fault = StorageFault.InsufficientStorage)
    {
        lock (_gate)
        {
            _targeted[request] = (times, fault);
        }
    }

    /// <summary>How many requests saw the injector (on or off).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The faults injected, by service, kind and request (method and container, queue or table).</summary>
    public IReadOnlyDictionary<(StorageService? Service, StorageFault Fault, string Request), int> Injected => _injected;

    public int InjectedTotal => _injected.Values.Sum();

    /// <summary>
    /// Register at <see cref="HttpPipelinePosition.PerCall"/>, outside the SDK's retry policy: counts the calls that
    /// still failed (5xx or an exception) after the retries, which the caller saw.
    /// </summary>
    public HttpPipelinePolicy Escapes { get; } = new EscapeCounter(nameSuffix);

    /// <summary>The calls whose failure the SDK's retries did not absorb, by service, request and outcome.</summary>
    public IReadOnlyDictionary<string, int> Escaped => ((EscapeCounter)Escapes).Counts;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        Interlocked.Increment(ref _requests);
        var service = StoragePipelinePolicy.ServiceOf(message);
        var request = message.Request.Method + " " + StorageCallCounter.ResourceOf(message.Request.Uri.ToUri(), nameSuffix);
        if (!TryPick(service, request, out var fault))
        {
            await Next(message, pipeline, async).ConfigureAwait(false);
            return;
        }

        _injected.AddOrUpdate((service, fault.Value, request), 1, (_, n) => n + 1);
        switch (fault.Value)
        {
            case StorageFault.ConnectionReset:
                throw new IOException("Injected fault: the connection was reset.");
            case StorageFault.LostResponse:
                await Next(message, pipeline, async).ConfigureAwait(false);
                message.Response.Dispose();
                message.Response = new InjectedResponse(500, "InternalError", service, message.Request.ClientRequestId);
                return;
            default:
                var (status, code) = fault.Value switch
                {
                    StorageFault.ServerBusy => (503, "ServerBusy"),
                    StorageFault.InsufficientStorage => (507, "InsufficientStorage"),
                    _ => (500, "InternalError"),
                };
                message.Response = new InjectedResponse(status, code, service, message.Request.ClientRequestId);
                return;
        }
    }

    private static ValueTask Next(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            return ProcessNextAsync(message, pipeline);
        }

        ProcessNext(message, pipeline);
        return ValueTask.CompletedTask;
    }

    private bool TryPick(StorageService? service, string request, [NotNullWhen(true)] out StorageFault? fault)
    {
        fault = null;
        if (!Enabled || service is not { } key)
        {
            return false;
        }

        lock (_gate)
        {
            if (_targeted.TryGetValue(request, out var target) && target.Left > 0)
            {
                _targeted[request] = (target.Left - 1, target.Fault);
                fault = target.Fault;
                return true;
            }

            if (Environment.TickCount64 < Volatile.Read(ref _outageUntil))
            {
                fault = _outageFault;
                return true;
            }

            if (_bursts.TryGetValue(key, out var burst) && burst.Left > 0)
            {
                _bursts[key] = (burst.Left - 1, burst.Fault);
                fault = burst.Fault;
                return true;
            }

            if (_random.NextDouble() >= BurstChanceOf.GetValueOrDefault(key, BurstChance))
            {
                return false;
            }

            fault = Faults[_random.Next(Faults.Count)];
            _bursts[key] = (_random.Next(BurstLength), fault.Value);
            return true;
        }
    }

    private sealed class EscapeCounter(string? nameSuffix) : HttpPipelinePolicy
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public IReadOnlyDictionary<string, int> Counts => _counts;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                ProcessNext(message, pipeline);
                Count(message, null);
            }
            catch (Exception ex)
            {
                Count(message, ex);
                throw;
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                Count(message, null);
            }
            catch (Exception ex)
            {
                Count(message, ex);
                throw;
            }
        }

        private void Count(HttpMessage message, Exception? exception)
        {
            var outcome = exception is not null ? exception.GetType().Name
                : message.HasResponse && message.Response.Status >= 500 ? message.Response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : null;
            if (outcome is not null)
            {
                var key = $"{StoragePipelinePolicy.ServiceOf(message)} {message.Request.Method} {StorageCallCounter.ResourceOf(message.Request.Uri.ToUri(), nameSuffix)}: {outcome}";
                _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>An error answer in the shape the service sends: the error code header, and the body (XML, or JSON for tables).</summary>
    private sealed class InjectedResponse : Response
    {
        private readonly Dictionary<string, string> _headers;

        public InjectedResponse(int status, string code, StorageService? service, string clientRequestId)
        {
            Status = status;
            ReasonPhrase = code;
            ClientRequestId = clientRequestId;
            var json = service == StorageService.Table;
            _headers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["x-ms-error-code"] = code,
                ["x-ms-request-id"] = Guid.NewGuid().ToString(),
                ["Content-Type"] = json ? "application/json" : "application/xml",
            };
            var body = json
                ? "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"Injected fault.\"}}}"
                : $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>Injected fault.</Message></Error>";
            ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        public override int Status { get; }

        // The transport sets this on a real answer; the SDK (its retry policy, its protocol methods) reads it.
        public override bool IsError => true;

        public override string ReasonPhrase { get; }

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; }

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}
