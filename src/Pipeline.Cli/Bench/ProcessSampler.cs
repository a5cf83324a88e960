using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Cli.Bench;

/// <summary>Samples this process's working set (the host runs in it) until disposed, keeping the peak.</summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public ProcessSampler(TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            using var timer = new PeriodicTimer(interval);
            do
            {
                process.Refresh();
                _peak = Math.Max(_peak, process.WorkingSet64);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    /// <summary>The largest working set seen, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>
    /// The CPU time (user + system) a process has used, from <c>/proc/{pid}/stat</c>; null off Linux or when the
    /// process is gone.
    /// </summary>
    public static TimeSpan? CpuTimeOf(int? pid)
    {
        var path = $"/proc/{pid?.ToString(CultureInfo.InvariantCulture)}/stat";
        if (pid is null || !File.Exists(path))
        {
            return null;
        }

        var stat = File.ReadAllText(path);
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ: 100 on every mainstream Linux build.</summary>
    private const int ClockTicksPerSecond = 100;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
