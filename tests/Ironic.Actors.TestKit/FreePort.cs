using System.Net;
using System.Net.Sockets;

namespace Ironic.Actors.TestKit;

/// <summary>Finds loopback TCP ports that are free at the moment of the call: the one such helper of the tests.</summary>
/// <remarks>
/// The port is released before it is returned, so another process could grab it in between;
/// that race is acceptable for tests on one machine.
/// Self-contained on purpose: projects that compile TestKit sources without referencing the TestKit (the agent double,
/// Cluster.Tests for the image server, the bench for the BMC emulator and the agent) link this file
/// (<c>&lt;Compile Include="…/Ironic.Actors.TestKit/FreePort.cs" Link="…" /&gt;</c>).
/// </remarks>
public static class FreePort
{
    /// <summary>
    /// Binds a listener to 127.0.0.1 on port 0, reads the port the OS assigned, and closes it.
    /// </summary>
    /// <returns>A TCP port number that was free on the loopback interface.</returns>
    public static int NextTcp()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
