using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's VIFs (API 1.28). Ironic attaches and detaches them under the node's exclusive lock and keeps them in its
/// ports' and portgroups' <c>internal_info</c>; here the pure <see cref="VifDecisions"/> decide on the node and its
/// parts, the resulting port or portgroup update is stored in the node's journal (and its read-model row) and only
/// then is the client answered. Listing takes no lock.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Handles VIF requests and reads of the node's history, inventory and BIOS settings (kept with its parts); false for anything else.</summary>
    private bool HandleVifMessage(object message)
    {
        switch (message)
        {
            case ListVifs or AttachVif or DetachVif or GetHistory or GetInventory or GetBios when _node is null:
                Reply(NotFound());
                PassivateIfAbsent();
                return true;
            case ListVifs:
                Reply(new Vifs(VifDecisions.List(_node!, _ports)));
                return true;
            case AttachVif c:
                Execute(VifDecisions.Attach(_node!, _ports, new VifRequest(c.VifId, c.PortUuid, c.PortgroupUuid), Now()));
                return true;
            case DetachVif c:
                Execute(VifDecisions.Detach(_node!, _ports, c.VifId, Now()));
                return true;
            case GetHistory:
                Reply(new History(_nodeId, _ports.History));
                return true;
            case GetBios:
                Reply(new Bios(_nodeId, _ports.Bios));
                return true;
            case GetInventory:
                Reply(new Inventory(_nodeId, _ports.Inventory?.Inventory, _ports.Inventory?.PluginData));
                return true;
            default:
                return false;
        }
    }
}
