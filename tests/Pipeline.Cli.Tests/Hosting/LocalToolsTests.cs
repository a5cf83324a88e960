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
