using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.IntegrationTests.Fixtures;

/// <summary>What the relay does when the client says <c>QUIT</c>, after the message was accepted.</summary>
public enum QuitBehaviour
{
    /// <summary>Passes it on: an ordinary session.</summary>
    Forward,

    /// <summary>Never answers it: the sender hangs after the server has the message (the window to kill it in).</summary>
    Stall,

    /// <summary>Closes the connection instead of answering: the message was accepted, the goodbye fails.</summary>
    Drop,
}

/// <summary>
/// A TCP relay on a fixed local port in front of a real SMTP server (smtp4dev). Before <see cref="StartAsync"/> and
/// after <see cref="DisposeAsync"/> nothing listens on <see cref="Port"/>: the mail server is down. Every byte is
/// passed through unchanged, except a client's <c>QUIT</c>, which <see cref="QuitBehaviour"/> decides.
/// </summary>
public sealed class SmtpRelay(int targetPort, QuitBehaviour onQuit = QuitBehaviour.Forward) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _accepting;
    private int _quits;

    /// <summary>The port senders are pointed at; free, and not listened on until <see cref="StartAsync"/>.</summary>
    public int Port { get; } = Pipeline.Cli.Hosting.LocalTools.FreePort();

    /// <summary>How many sessions reached <c>QUIT</c>, that is, had their message accepted.</summary>
    public int Quits => Volatile.Read(ref _quits);

    /// <summary>The host settings that send mail through this relay.</summary>
    public Dictionary<string, string?> HostSettings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
    };

    /// <summary>Brings the mail server up on <see cref="Port"/>.</summary>
    public Task StartAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _ = RelayAsync(client, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, targetPort, cancellationToken);
                var clientStream = client.GetStream();
                var serverStream = server.GetStream();
                var down = serverStream.CopyToAsync(clientStream, cancellationToken);
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await clientStream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (Encoding.ASCII.GetString(buffer, 0, read).EndsWith("QUIT\r\n", StringComparison.OrdinalIgnoreCase))
                    {
                        Interlocked.Increment(ref _quits);
                        if (onQuit == QuitBehaviour.Stall)
                        {
                            await Task.Delay(Timeout.Infinite, cancellationToken);
                        }
                        else if (onQuit == QuitBehaviour.Drop)
                        {
                            client.Client.Close(0);
                            return;
                        }
                    }

                    await serverStream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await down;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (IOException)
            {
                // Either side hung up.
            }
            catch (SocketException)
            {
                // Either side hung up.
            }
            catch (ObjectDisposedException)
            {
                // Closed on purpose (Drop).
            }
        }
    }

    /// <summary>Takes the mail server down again.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stopping.Dispose();
    }
}
