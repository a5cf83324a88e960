using System.Diagnostics;
using System.Text;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>
/// The built <c>pipeline</c> command run as a child process (<c>dotnet pipeline.dll ...</c>) against a test's own
/// storage, with its output kept for the failure message.
/// </summary>
internal sealed class PipelineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PipelineProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>pipeline <paramref name="args"/></c> with the test's storage settings as environment variables.</summary>
    public static PipelineProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Its own port for the local HTTP endpoint, and the test key for the links it signs, unless the test sets them.
        start.Environment["Local__HttpPort"] = LocalTools.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Email__UnsubscribeTokenKey"] = TestPipeline.TokenKey;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new PipelineProcess(Process.Start(start)!);
    }

    /// <summary>Waits for a line containing <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.HoldsAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited), timeout, $"'{text}' from pipeline; got:\n{Output}");

    /// <summary>Waits for the process to exit and returns its exit code; kills it when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"pipeline did not exit within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }

        // Let the asynchronous readers drain what is left.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>True once the process has ended, by itself or killed.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no cleanup, no flush, as a crash or an OOM kill would end it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
