using System.Net;
using System.Net.Sockets;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Hosting.Tests;

/// <summary>The tests' free ports (<see cref="FreePort"/>): bindable, and never from the range the system hands out as source ports.</summary>
public sealed class FreePortTests
{
    [Test]
    public void Free_ports_lie_below_the_ephemeral_range_and_can_be_listened_on()
    {
        var ephemeralStart = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0])
            : 49_152;
        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.NextTcp()).ToList();

        Assert.That(ports, Is.All.InRange(10_000, ephemeralStart - 1));
        Assert.That(ports, Is.Unique, "the walk hands out each port once");
        foreach (var port in ports.Take(5))
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
    }

    [Test]
    public void A_port_someone_listens_on_is_passed_over()
    {
        var taken = new List<TcpListener>();
        try
        {
            // Occupy the next ports of the walk: the one handed out is none of them.
            var probe = FreePort.NextTcp();
            for (var port = probe + 1; port < probe + 20; port++)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    taken.Add(listener);
                }
                catch (SocketException)
                {
                }
            }
            var next = FreePort.NextTcp();
            Assert.That(taken.Select(l => ((IPEndPoint)l.LocalEndpoint).Port), Does.Not.Contain(next));
        }
        finally
        {
            foreach (var listener in taken)
                listener.Stop();
        }
    }
}
