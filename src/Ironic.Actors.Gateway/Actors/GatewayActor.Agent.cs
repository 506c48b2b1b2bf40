using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// The agent's lookup: the node is found by UUID, or by the MAC address of one of its ports (from the read model, which
/// has every port indexed by address), and then asked through the node region like any node command.
/// </summary>
public sealed partial class GatewayActor
{
    private void ReceiveAgent() =>
        Receive<GatewayRequests.AgentLookup>(r => RunAgentLookup(r, _targets).PipeTo(Sender));

    private static async Task<object> RunAgentLookup(GatewayRequests.AgentLookup request, Targets targets)
    {
        var nodeId = request.NodeUuid;
        foreach (var address in request.Addresses)
        {
            if (nodeId is not null)
                break;
            var page = await AskQueryModelOrTimeOut(new PortQueries.ListPorts(Address: address, Limit: 1), targets, "The port list");
            switch (page)
            {
                case PortQueries.PortPage { Ports.Count: > 0 } found:
                    nodeId = found.Ports[0].Fields.NodeId;
                    break;
                case PortQueries.PortPage:
                    break;
                default:
                    return page;
            }
        }
        if (nodeId is not { } id)
            return NodeReplies.LookupNotFound();
        var answer = await SendToNode(new AgentCommands.AgentLookup(id, request.IssueToken, request.NewToken), targets);
        // Ironic answers the same 404 whether no node has the address or the node may not be looked up.
        return answer is Replies.Rejected { Code: 404 } ? NodeReplies.LookupNotFound() : answer;
    }
}
