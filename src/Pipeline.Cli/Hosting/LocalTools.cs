using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Cli.Hosting;

/// <summary>
/// Installs and starts the pinned local tools (Azurite from npm, smtp4dev from the dotnet tool manifest).
/// Installs run once per machine at a time: a lock file serialises them across processes and test collections.
/// </summary>
internal static class LocalTools
{
    /// <summary>Runs <c>npm ci</c> in the checkout when Azurite is not installed there.</summary>
    public static Task EnsureNpmPackagesAsync(string root, CancellationToken cancellationToken = default) =>
        InstallOnceAsync(root, () => File.Exists(AzuriteScript(root)), "npm", ["ci", "--no-audit", "--no-fund"], cancellationToken);

    /// <summary>Runs <c>dotnet tool restore</c> in the checkout, once per process.</summary>
    public static Task EnsureDotnetToolsAsync(string root, CancellationToken cancellationToken = default) =>
        InstallOnceAsync(root, () => s_toolsRestored, "dotnet", ["tool", "restore"], cancellationToken, () => s_toolsRestored = true);

    private static volatile bool s_toolsRestored;

    public static string AzuriteScript(string root) => Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>
    /// How to start Azurite from <paramref name="root"/>'s npm install on loopback ports, quiet and lenient, with
    /// <paramref name="storage"/> saying where it keeps its data (<c>--location dir</c> or <c>--inMemoryPersistence</c>).
    /// </summary>
    public static ProcessStartInfo AzuriteStartInfo(string root, IEnumerable<string> storage, int blobPort, int queuePort, int tablePort)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            AzuriteScript(root), .. storage, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task InstallOnceAsync(string root, Func<bool> installed, string command, string[] args, CancellationToken cancellationToken, Action? done = null)
    {
        if (installed())
        {
            return;
        }

        var lockPath = Path.Combine(root, ".pipeline", "install.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        await using var fileLock = await AcquireAsync(lockPath, cancellationToken).ConfigureAwait(false);
        if (installed())
        {
            return;
        }

        Console.Error.WriteLine($"pipeline: running '{command} {string.Join(' ', args)}' in {root}");
        var (exitCode, output) = await RunAsync(command, args, root, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{command} {string.Join(' ', args)}' failed with exit code {exitCode}:{Environment.NewLine}{output}");
        }

        done?.Invoke();
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs a command to completion and returns its exit code with its combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string command, IEnumerable<string> args, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    // Below the ephemeral ranges of Linux (32768-60999), Windows and macOS (49152-65535) and above the well-known
    // services: outgoing connections never take a port from here for their own end.
    private const int FirstFreePort = 20000;
    private const int LastFreePort = 32767;

    /// <summary>
    /// A TCP port on the loopback interface that nothing listens on right now, for a process started next (Azurite,
    /// smtp4dev). It is chosen below the ephemeral range: a port the kernel hands out there (as bind to port 0 does)
    /// can be taken for the local end of any outgoing connection in the moment before that process binds it, and the
    /// process then fails to listen, or a readiness probe finds its own socket there.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(FirstFreePort, LastFreePort + 1);
            if (CanListenOn(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether something listens on a loopback port (a connection to it is accepted).</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return !IsConnectedToItself(client.Client);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A connect to a loopback port nobody listens on succeeds when the kernel happens to pick that same port as the
    /// socket's own (TCP simultaneous open): the socket is then connected to itself, and the port is not listened on.
    /// A process started on that port is not ready, and may even fail to bind it while this socket holds it.
    /// </summary>
    internal static bool IsConnectedToItself(Socket socket) =>
        socket.LocalEndPoint is IPEndPoint local && socket.RemoteEndPoint is IPEndPoint remote && local.Equals(remote);

    /// <summary>Waits until every port accepts connections, or the process exits, or the timeout passes.</summary>
    public static async Task WaitForPortsAsync(Process process, IReadOnlyList<int> ports, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!ports.All(IsListening))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{describe()} exited with code {process.ExitCode} before it listened.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{describe()} did not listen on {string.Join(", ", ports)} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
