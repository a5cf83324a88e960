namespace Pipeline.Cli.Bench;

/// <summary>
/// A tokens-per-minute quota kept as Azure OpenAI keeps it: each request is charged its prompt tokens plus its
/// <c>max_tokens</c> when it arrives, and is refused while the charges of the last 60 seconds plus its own would pass
/// the limit. Also keeps the most tokens admitted, and the most asked for (refused requests included), in any
/// 60-second window, so a run can show the quota was kept and how hard the client pushed against it.
/// </summary>
internal sealed class TokenWindow(int tokensPerMinute, TimeProvider time)
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    private readonly Queue<(DateTimeOffset At, int Tokens)> _admitted = new();
    private readonly Queue<(DateTimeOffset At, int Tokens)> _asked = new();
    private readonly Lock _gate = new();
    private long _admittedInWindow;
    private long _askedInWindow;

    public int Limit { get; } = tokensPerMinute;

    /// <summary>The most tokens admitted within any 60 seconds; never more than <see cref="Limit"/>.</summary>
    public long MaxAdmittedPerMinute { get; private set; }

    /// <summary>The most tokens asked for within any 60 seconds, refused requests (and their retries) included.</summary>
    public long MaxAskedPerMinute { get; private set; }

    /// <summary>
    /// Charges <paramref name="tokens"/> when the window has room and returns null; otherwise returns how long until
    /// enough of the window's charges expire for this request to fit (what the 429's Retry-After says).
    /// </summary>
    public TimeSpan? TryAdmit(int tokens)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _askedInWindow += tokens - Expire(_asked, now);
            _asked.Enqueue((now, tokens));
            MaxAskedPerMinute = Math.Max(MaxAskedPerMinute, _askedInWindow);

            _admittedInWindow -= Expire(_admitted, now);
            if (_admittedInWindow + tokens <= Limit)
            {
                _admitted.Enqueue((now, tokens));
                _admittedInWindow += tokens;
                MaxAdmittedPerMinute = Math.Max(MaxAdmittedPerMinute, _admittedInWindow);
                return null;
            }

            // Walk the charges oldest first until enough have left the window; a request bigger than the whole
            // limit can never fit, and is told to wait a full window.
            var free = Limit - _admittedInWindow;
            foreach (var (at, charged) in _admitted)
            {
                free += charged;
                if (free >= tokens)
                {
                    return at + Length - now;
                }
            }

            return Length;
        }
    }

    private static long Expire(Queue<(DateTimeOffset At, int Tokens)> charges, DateTimeOffset now)
    {
        long expired = 0;
        while (charges.TryPeek(out var oldest) && oldest.At + Length <= now)
        {
            expired += charges.Dequeue().Tokens;
        }

        return expired;
    }
}
