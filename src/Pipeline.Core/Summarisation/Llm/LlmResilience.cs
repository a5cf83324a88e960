using System.ClientModel;
using System.Globalization;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Pipeline.Core.Summarisation.Llm;

/// <summary>
/// The resilience pipeline around each model call, outermost first: total timeout → retry (exponential with jitter,
/// honouring <c>retry-after-ms</c> / <c>Retry-After</c>, never retrying a 400 or a content-filter refusal) → circuit
/// breaker → optional token-bucket rate limiter → per-attempt timeout. The SDK's own retries are off.
/// </summary>
public static class LlmResilience
{
    /// <summary>The tokens one call is expected to use (prompt + max output), which the rate limiter takes from its bucket.</summary>
    public static readonly ResiliencePropertyKey<int> RequestTokens = new("Pipeline.RequestTokens");

    public static ResiliencePipeline Build(LlmOptions options, TimeProvider time, CircuitBreakerStateProvider? breakerState = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.TotalTimeout,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, time)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = breakerState,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not RateLimiterRejectedException && IsTransient(args.Outcome.Exception)),
            });

        if (options.TokensPerMinute > 0)
        {
            var bucketSize = Math.Max(1, options.TokensPerMinute / 6);
            var limiter = TokenBucket(bucketSize, Math.Max(1, options.TokensPerMinute / 60));
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                // A request bigger than the whole bucket waits for a full bucket rather than failing.
                RateLimiter = args => limiter.AcquireAsync(
                    Math.Clamp(args.Context.Properties.GetValue(RequestTokens, 1), 1, bucketSize),
                    args.Context.CancellationToken),
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>A failure worth another attempt: 408, 429, 5xx, no response at all, or an attempt that timed out.</summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        TimeoutRejectedException or RateLimiterRejectedException or HttpRequestException => true,
        ClientResultException e => e.Status is 0 or 408 or 429 or >= 500 && !IsContentFilter(e),
        _ => false,
    };

    /// <summary>Azure OpenAI's refusal of a prompt: a 400 (or any status) whose error code is <c>content_filter</c>.</summary>
    public static bool IsContentFilter(ClientResultException exception)
    {
        var body = exception.GetRawResponse()?.Content?.ToString() ?? "";
        return body.Contains("content_filter", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("content_filter", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The delay the server asked for: <c>retry-after-ms</c>, else <c>Retry-After</c> (seconds or an HTTP date).</summary>
    public static TimeSpan? RetryAfter(Exception? exception, TimeProvider time)
    {
        if (exception is RateLimiterRejectedException { RetryAfter: { } limiterDelay })
        {
            return limiterDelay;
        }

        var headers = (exception as ClientResultException)?.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if ((headers.TryGetValue("retry-after-ms", out var ms) || headers.TryGetValue("x-ms-retry-after-ms", out ms))
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (!headers.TryGetValue("Retry-After", out var retryAfter) || retryAfter is null)
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow()).Ticks))
            : null;
    }

    /// <summary>
    /// A bucket holding ten seconds' worth of the quota and refilled every second, so a burst cannot spend a whole
    /// minute's quota at once (Azure OpenAI also enforces the quota over shorter windows).
    /// </summary>
    private static TokenBucketRateLimiter TokenBucket(int bucketSize, int tokensPerSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = bucketSize,
        TokensPerPeriod = tokensPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
