using System.Net;
using System.Net.Sockets;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli.Tests.Hosting;

public sealed class LocalToolsTests
{
    [Fact]
    public void IsListening_PortWithAListener_True()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        Assert.True(LocalTools.IsListening(((IPEndPoint)listener.LocalEndpoint).Port));
    }

    [Fact]
    public void IsListening_PortNobodyListensOn_False()
    {
        Assert.False(LocalTools.IsListening(LocalTools.FreePort()));
    }

    [Fact]
    public void FreePort_OnLinux_BelowTheEphemeralRangeAndFree()
    {
        var port = LocalTools.FreePort();

        using (var listener = new TcpListener(IPAddress.Loopback, port))
        {
            listener.Start();
        }

        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(Range))
        {
            var firstEphemeral = int.Parse(File.ReadAllText(Range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(port < firstEphemeral, $"port {port} is inside the ephemeral range starting at {firstEphemeral}");
        }
    }

    [Fact]
    public void FreePort_ManyCalls_SpreadOverTheRange()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => LocalTools.FreePort()).ToHashSet();

        Assert.True(ports.Count >= 18, $"{ports.Count} distinct ports in 20 calls");
    }

    [Fact]
    public void IsConnectedToItself_SocketThatConnectedToItsOwnPort_NotAListener()
    {
        // What happens now and then while a test waits for Azurite: the kernel gives the probing socket the very port it
        // probes, nobody listens there yet, and the connect succeeds by TCP simultaneous open. Made to happen here by
        // binding the socket to that port first.
        var port = LocalTools.FreePort();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Connect(IPAddress.Loopback, port);

        Assert.True(socket.Connected);
        Assert.True(LocalTools.IsConnectedToItself(socket));
    }

    [Fact]
    public void IsConnectedToItself_SocketConnectedToAListener_False()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);

        Assert.False(LocalTools.IsConnectedToItself(client.Client));
    }
}
