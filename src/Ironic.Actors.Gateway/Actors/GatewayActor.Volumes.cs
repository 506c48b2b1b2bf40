using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Volumes;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// Volume connectors and targets (API 1.32). Each lives in its node's entity: the registry says which node holds one,
/// then the command goes through the node shard region; creates go to the node the body names. Lists come from the
/// query model, which a write reaches before its reply (read-your-writes).
/// </summary>
public sealed partial class GatewayActor
{
    private void ReceiveVolumes()
    {
        Receive<VolumeGatewayRequests.ForConnector>(r => RunForConnector(r, _targets).PipeTo(Sender));
        Receive<VolumeGatewayRequests.ForTarget>(r => RunForTarget(r, _targets).PipeTo(Sender));
        Receive<VolumeGatewayRequests.Create>(r => SendPartCommand(r.Command, _targets).PipeTo(Sender));
        Receive<VolumeGatewayRequests.ListConnectors>(r => RunList(r.Query, r.NodeIdent, (q, node) => q with { NodeId = node }, _targets).PipeTo(Sender));
        Receive<VolumeGatewayRequests.ListTargets>(r => RunList(r.Query, r.NodeIdent, (q, node) => q with { NodeId = node }, _targets).PipeTo(Sender));
    }

    private static async Task<object> RunForConnector(VolumeGatewayRequests.ForConnector request, Targets targets)
    {
        var resolved = await AskSingletonOrTimeOut(targets.Registry, new VolumeRegistryMessages.ResolveConnector(request.ConnectorId), targets, "The node registry");
        return resolved switch
        {
            VolumeRegistryMessages.ConnectorResolved { NodeId: { } nodeId } => await SendPartCommand(request.MakeCommand(nodeId), targets),
            VolumeRegistryMessages.ConnectorResolved => Replies.Rejected.NotFound(
                $"Volume connector {request.ConnectorId} could not be found."),
            _ => resolved,
        };
    }

    private static async Task<object> RunForTarget(VolumeGatewayRequests.ForTarget request, Targets targets)
    {
        var resolved = await AskSingletonOrTimeOut(targets.Registry, new VolumeRegistryMessages.ResolveTarget(request.TargetId), targets, "The node registry");
        return resolved switch
        {
            VolumeRegistryMessages.TargetResolved { NodeId: { } nodeId } => await SendPartCommand(request.MakeCommand(nodeId), targets),
            VolumeRegistryMessages.TargetResolved => Replies.Rejected.NotFound(
                $"Volume target {request.TargetId} could not be found."),
            _ => resolved,
        };
    }

    /// <summary>Resolves the node filter (404 when it names no node), then asks the query model for the page.</summary>
    private static async Task<object> RunList<TQuery>(TQuery query, string? nodeIdent, Func<TQuery, Guid, TQuery> forNode, Targets targets)
        where TQuery : notnull
    {
        if (nodeIdent is not null)
        {
            var node = await FindNode(nodeIdent, targets);
            if (node is not Guid nodeId)
                return node;
            query = forNode(query, nodeId);
        }
        return await AskQueryModelOrTimeOut(query, targets, "The volume list");
    }
}
