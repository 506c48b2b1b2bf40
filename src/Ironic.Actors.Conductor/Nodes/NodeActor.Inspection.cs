using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;

namespace Ironic.Actors.Conductor.Nodes;

public sealed partial class NodeActor
{
    /// <summary>
    /// A finished inspection that found NICs the node has no port for: claims their MAC addresses in the registry
    /// (holding other messages back), then records the inspection with a port for each granted claim. A MAC held by
    /// another node gets no port, as Ironic's inspection skips a port that already exists. False when there is nothing
    /// to claim (the caller records the work at once).
    /// </summary>
    private bool ClaimInspectedPortsFirst(DriverWork.Completed done)
    {
        if (done.Work.Kind != WorkKind.Inspect || done.Outcome is not { Success: true, Inspection: { } found })
            return false;
        var macs = NodeDecisions.MacsNeedingPorts(_ports, found.Macs);
        if (macs.Count == 0)
            return false;
        _busy = true;
        var registry = _deps.Registry;
        var timeout = _deps.RegistryTimeout;
        var losses = Losses;
        var nodeId = _nodeId;
        var claims = macs.Select(async mac =>
        {
            var portId = NewUuids.Next();
            try
            {
                var answer = await registry.AskAcrossLossesAsync(
                    new PortRegistryMessages.ClaimPort(nodeId, portId, mac), timeout, losses, renewOnLoss: true, singleton: true).ConfigureAwait(false);
                return (PortId: portId, Address: mac, Granted: answer is RegistryMessages.Claimed);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return (PortId: portId, Address: mac, Granted: false);
            }
        });
        Task.WhenAll(claims).PipeTo(Self,
            success: results => new InspectedPortsClaimed(done, [.. results.Where(r => r.Granted).Select(r => (r.PortId, r.Address))]),
            failure: _ => new InspectedPortsClaimed(done, []));
        return true;
    }

    private bool HandleInspectionMessage(object message)
    {
        if (message is not InspectedPortsClaimed claimed)
            return false;
        Unblock();
        if (_work is null || _work.Id != claimed.Done.WorkId || _node is null)
            return true;
        FinishWork(claimed.Done, claimed.Ports);
        return true;
    }

    /// <summary>The registry's answers to an inspection's port claims: the granted ones. Strictly local.</summary>
    private sealed record InspectedPortsClaimed(DriverWork.Completed Done, IReadOnlyList<(Guid PortId, string Address)> Ports)
        : IAwaitedAnswer, INoSerializationVerificationNeeded;
}
