using Akka.Actor;
using Ironic.Actors.Protocol.Ports;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// Port and portgroup lists. Their events are node events (tagged like the others), so the same projection
/// stream feeds them: listing ports never wakes a node entity. Gateways report their own writes, as for nodes.
/// </summary>
public sealed partial class NodeQueryModelActor
{
    private readonly PortIndex _ports = new();

    private void ReceivePortQueries()
    {
        Receive<PortQueries.ObservePort>(o => _ports.Observe(o.View));
        Receive<PortQueries.ObservePortRemoved>(o => _ports.Remove(o.Removed));
        Receive<PortQueries.ObservePortgroup>(o => _ports.Observe(o.View));
        Receive<PortQueries.ObservePortgroupRemoved>(o => _ports.Remove(o.Removed));
        Receive<PortQueries.ListPorts>(q =>
        {
            if (!_caughtUp) { Stash.Stash(); return; }
            Sender.Tell(PortListing.Page(_ports.Ports, q));
        });
        Receive<PortQueries.ListPortgroups>(q =>
        {
            if (!_caughtUp) { Stash.Stash(); return; }
            Sender.Tell(PortListing.Page(_ports.Portgroups, q));
        });
    }
}
