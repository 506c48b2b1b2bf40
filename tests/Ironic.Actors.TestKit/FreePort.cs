using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ironic.Actors.TestKit;

/// <summary>Finds loopback TCP ports that are free at the moment of the call: the one such helper of the tests.</summary>
/// <remarks>
/// The port is released before it is returned, so another process could take it in between. The ports come from below
/// the kernel's ephemeral range (Linux: <c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768 and up by default; else
/// 49152): a port the system picked for a listener on port 0 is also one it hands out as the source port of outgoing
/// connections, and the tests make many (HTTP clients, PostgreSQL, remoting) — a member that found its port taken that
/// way failed to start in a CI run ("address already in use"). Below the range only another process picking on purpose
/// can take it: each test process starts at a random place in the range and walks it, checking each port by binding it.
/// Self-contained on purpose: projects that compile TestKit sources without referencing the TestKit (the agent double,
/// Cluster.Tests for the image server, the bench for the BMC emulator and the agent) link this file
/// (<c>&lt;Compile Include="…/Ironic.Actors.TestKit/FreePort.cs" Link="…" /&gt;</c>).
/// </remarks>
public static class FreePort
{
    /// <summary>The lowest port handed out (well above the privileged ports and the usual services' defaults).</summary>
    private const int Lowest = 10_000;

    /// <summary>The first port of the kernel's ephemeral range: ports from here up are left alone.</summary>
    private static readonly int EphemeralStart = ReadEphemeralStart();

    private static int _walked = Random.Shared.Next(Math.Max(1, EphemeralStart - Lowest));

    /// <summary>
    /// A loopback TCP port that was free a moment ago, below the ephemeral range when there is room there; else the
    /// one the system assigns to a listener on port 0.
    /// </summary>
    public static int NextTcp()
    {
        var span = EphemeralStart - Lowest;
        if (span >= 1_000)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Lowest + (int)((uint)Interlocked.Increment(ref _walked) % (uint)span);
                if (IsFree(port))
                    return port;
            }
        }
        return FromSystem();
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Binds a listener to 127.0.0.1 on port 0, reads the port the system assigned, and closes it.</summary>
    private static int FromSystem()
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

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (range.Length > 0 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
                return start;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 49_152; // the IANA dynamic range, as Windows and macOS use
    }
}
