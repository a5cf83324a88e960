using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.Cli.Hosting;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>
/// A test's own Azurite process, on free ports and with its data in a folder of its own, that the test can stop
/// (SIGTERM), freeze (SIGSTOP), thaw (SIGCONT), kill (SIGKILL) and start again on the same ports and data. The shared
/// fixture's Azurite is never touched.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly string _root;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteProcess(string root, string location)
    {
        _root = root;
        Location = location;
    }

    public int BlobPort { get; } = LocalTools.FreePort();

    public int QueuePort { get; } = LocalTools.FreePort();

    public int TablePort { get; } = LocalTools.FreePort();

    /// <summary>The data folder (<c>--location</c>), kept across restarts.</summary>
    public string Location { get; }

    public string ConnectionString => Pipeline.Cli.Commands.LocalStorage.ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>What Azurite printed, across every start.</summary>
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

    public static async Task<AzuriteProcess> StartAsync()
    {
        var root = RepositoryRoot.Find();
        var location = Path.Combine(Path.GetTempPath(), "pipeline-azurite-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(location);
        var azurite = new AzuriteProcess(root, location);
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts Azurite (again) on the same ports and data folder, and waits until all three ports listen.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is still running.");
        }

        _process?.Dispose();
        await LocalTools.EnsureNpmPackagesAsync(_root);
        var start = LocalTools.AzuriteStartInfo(_root, ["--location", Location], BlobPort, QueuePort, TablePort);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // A port freed a moment ago can take a little while to be bound again.
        await LocalTools.WaitForPortsAsync(process, [BlobPort, QueuePort, TablePort], TimeSpan.FromSeconds(60), () => "Azurite: " + Output, CancellationToken.None);
    }

    /// <summary>SIGTERM, and waits until it has exited (Azurite saves its database first).</summary>
    public async Task StopAsync()
    {
        Signal("TERM");
        await WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGKILL: Azurite saves nothing, and may lose its last acknowledged writes (up to its 5 s autosave).</summary>
    public async Task KillAsync()
    {
        Signal("KILL");
        await WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Waits until Azurite has saved its blob database (metadata and extents) after this call, so that every blob
    /// written before the call survives a SIGKILL. Azurite saves a changed database every 5 s; a write it has not saved
    /// yet is lost by a kill, as real storage never loses one.
    /// </summary>
    public async Task WaitForBlobSaveAsync(TimeSpan timeout)
    {
        var since = DateTime.UtcNow;
        string[] files = [Path.Combine(Location, "__azurite_db_blob__.json"), Path.Combine(Location, "__azurite_db_blob_extent__.json")];
        await Eventually.HoldsAsync(
            () => Task.FromResult(files.All(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) > since)),
            timeout,
            $"Azurite to save its blob database in {Location}");
    }

    /// <summary>SIGSTOP: the ports stay open, connections are accepted by the kernel, and nothing answers.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("Azurite has not started.");
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    private async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(patience.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                // Thaw first, in case a failed test left it frozen; then stop it for good.
                Thaw();
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
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
