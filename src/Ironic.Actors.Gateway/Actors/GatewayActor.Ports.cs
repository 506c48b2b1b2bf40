using Akka.Actor;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// Ports, portgroups and chassis. A port or portgroup is reached through its node: the registry says which
/// node holds it, then the command goes through the node shard region like any node command. Lists come from
/// the query model (never waking nodes); chassis requests go to the chassis singleton. After a write the query
/// model hears of it before the client does (read-your-writes), as for nodes.
/// </summary>
public sealed partial class GatewayActor
{
    private void ReceivePortsAndChassis(IActorRef chassis)
    {
        Receive<PortGatewayRequests.ForPort>(r => RunForPort(r, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.ForPortgroup>(r => RunForPortgroup(r, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.CreatePort>(r => RunCreatePort(r, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.CreatePortgroup>(r => SendPartCommand(r.Command, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.ListPorts>(r => RunListPorts(r, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.ListPortgroups>(r => RunListPortgroups(r, _targets).PipeTo(Sender));
        Receive<PortGatewayRequests.ToChassis>(r => AskSingletonOrTimeOut(chassis, r.Command, _targets, "The chassis service").PipeTo(Sender));
        Receive<PortGatewayRequests.ListChassisNodes>(r => RunListChassisNodes(r, chassis, _targets).PipeTo(Sender));
    }

    private static async Task<object> RunForPort(PortGatewayRequests.ForPort request, Targets targets)
    {
        foreach (var groupId in request.PortgroupsToCheck ?? [])
        {
            var group = await FindPortgroup(groupId.ToString(), targets);
            if (group is GatewayReplies.TimedOut)
                return group;
            if (group is not PortRegistryMessages.PortgroupResolved { NodeId: not null })
                return PortReplies.NamedPortgroupNotFound(groupId);
        }
        var resolved = await AskSingletonOrTimeOut(targets.Registry, new PortRegistryMessages.ResolvePort(request.PortId), targets, "The node registry");
        return resolved switch
        {
            PortRegistryMessages.PortResolved { NodeId: { } nodeId } =>
                await SendPartCommand(request.MakeCommand(nodeId), targets),
            PortRegistryMessages.PortResolved => PortReplies.PortNotFound(request.PortId),
            _ => resolved,
        };
    }

    private static async Task<object> RunForPortgroup(PortGatewayRequests.ForPortgroup request, Targets targets)
    {
        var resolved = await FindPortgroup(request.Ident, targets);
        return resolved switch
        {
            PortRegistryMessages.PortgroupResolved { NodeId: { } nodeId, PortgroupId: { } groupId } =>
                await SendPartCommand(request.MakeCommand(nodeId, groupId), targets),
            PortRegistryMessages.PortgroupResolved => PortReplies.PortgroupNotFound(request.Ident),
            _ => resolved,
        };
    }

    private static async Task<object> RunCreatePort(PortGatewayRequests.CreatePort request, Targets targets)
    {
        if (request.PortgroupId is { } groupId)
        {
            var group = await FindPortgroup(groupId.ToString(), targets);
            switch (group)
            {
                case GatewayReplies.TimedOut:
                    return group;
                case PortRegistryMessages.PortgroupResolved { NodeId: null }:
                    return PortReplies.NamedPortgroupNotFound(groupId);
                case PortRegistryMessages.PortgroupResolved { NodeId: { } owner } when owner != request.Command.NodeId:
                    return PortReplies.DifferentNodePortgroup();
            }
        }
        return await SendPartCommand(request.Command, targets);
    }

    private static async Task<object> RunListPorts(PortGatewayRequests.ListPorts request, Targets targets)
    {
        var query = request.Query;
        if (request.PortgroupIdent is { } groupIdent)
        {
            var group = await FindPortgroup(groupIdent, targets);
            if (group is not PortRegistryMessages.PortgroupResolved resolved)
                return group;
            if (resolved.PortgroupId is not { } groupId)
                return PortReplies.PortgroupNotFound(groupIdent);
            query = query with { PortgroupId = groupId };
        }
        if (request.NodeIdent is { } nodeIdent)
        {
            var node = await FindNode(nodeIdent, targets);
            if (node is not Guid nodeId)
                return node;
            query = query with { NodeId = nodeId };
        }
        return await AskQueryModelOrTimeOut(query, targets, "The port list");
    }

    private static async Task<object> RunListPortgroups(PortGatewayRequests.ListPortgroups request, Targets targets)
    {
        var query = request.Query;
        if (request.NodeIdent is { } nodeIdent)
        {
            var node = await FindNode(nodeIdent, targets);
            if (node is not Guid nodeId)
                return node;
            query = query with { NodeId = nodeId };
        }
        return await AskQueryModelOrTimeOut(query, targets, "The portgroup list");
    }

    private static async Task<object> RunListChassisNodes(PortGatewayRequests.ListChassisNodes request, IActorRef chassis, Targets targets)
    {
        var found = await AskSingletonOrTimeOut(chassis, new ChassisCommands.GetChassis(request.ChassisId), targets, "The chassis service");
        if (found is not ChassisReplies.ChassisView)
            return found;
        return await AskQueryModelOrTimeOut(request.Query with { ChassisUuid = request.ChassisId.ToString() }, targets, "The node list");
    }

    /// <summary>The node's UUID (boxed), or the reply to give: 404 when no node has that UUID or name.</summary>
    private static async Task<object> FindNode(string ident, Targets targets)
    {
        if (Identifiers.NormalizeUuid(ident) is { } uuid)
        {
            var nodeId = Guid.Parse(uuid);
            var answer = await SendToNode(new NodeCommands.GetNode(nodeId), targets);
            return answer is NodeReplies.NodeView ? nodeId : answer;
        }
        return await ResolveName(ident, targets);
    }

    private static Task<object> FindPortgroup(string ident, Targets targets) =>
        AskSingletonOrTimeOut(targets.Registry, new PortRegistryMessages.ResolvePortgroup(ident), targets, "The node registry");

    /// <summary>Sends a port or portgroup command to its node (which answers a write once its rows are stored).</summary>
    private static Task<object> SendPartCommand(INodePartCommand command, Targets targets) => SendToNode(command, targets);
}
