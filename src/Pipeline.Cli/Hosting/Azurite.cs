using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// An Azurite emulator on the loopback interface: either one this process started from the checkout's pinned npm
/// package (and stops again on dispose), or one that was already listening.
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;
    private readonly StringBuilder _output = new();

    private Azurite(int blobPort, int queuePort, int tablePort, Process? process)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _process = process;
        if (process is not null)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
        }
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The id of the Azurite process this process started; null when it used one already listening.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>True when this process started Azurite (and will stop it).</summary>
    public bool Started => _process is not null;

    public string ConnectionString => Commands.LocalStorage.ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>Uses the Azurite listening on the given ports, or starts one there (data under <paramref name="location"/>).</summary>
    public static async Task<Azurite> UseOrStartAsync(string root, string location, int blobPort = 10000, int queuePort = 10001, int tablePort = 10002, CancellationToken cancellationToken = default)
    {
        if (LocalTools.IsListening(blobPort) && LocalTools.IsListening(queuePort) && LocalTools.IsListening(tablePort))
        {
            return new Azurite(blobPort, queuePort, tablePort, null);
        }

        Directory.CreateDirectory(location);
        return await StartAsync(root, ["--location", location], blobPort, queuePort, tablePort, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a fresh in-memory Azurite on free ports: for tests.</summary>
    public static Task<Azurite> StartInMemoryAsync(string root, CancellationToken cancellationToken = default) =>
        StartAsync(root, ["--inMemoryPersistence"], LocalTools.FreePort(), LocalTools.FreePort(), LocalTools.FreePort(), cancellationToken);

    private static async Task<Azurite> StartAsync(string root, string[] storage, int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        await LocalTools.EnsureNpmPackagesAsync(root, cancellationToken).ConfigureAwait(false);
        var start = LocalTools.AzuriteStartInfo(root, storage, blobPort, queuePort, tablePort);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var azurite = new Azurite(blobPort, queuePort, tablePort, process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await LocalTools.WaitForPortsAsync(process, [blobPort, queuePort, tablePort], TimeSpan.FromSeconds(60), azurite.Describe, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return azurite;
    }


    private string Describe()
    {
        lock (_output)
        {
            return $"Azurite ({_output.ToString().Trim()})";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // Ask first: Azurite saves its database on SIGTERM; a kill would lose what it had not saved yet.
            if (!OperatingSystem.IsWindows())
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
    }
}
