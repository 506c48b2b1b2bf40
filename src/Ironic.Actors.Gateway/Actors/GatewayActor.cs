using Akka.Actor;
using Akka.Cluster;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// The HTTP side's single door into the cluster: resolves node idents through the registry, sends
/// commands to node entities through the shard region, reads lists from this member's query model, and
/// polls conductors. Every request is answered asynchronously (<c>PipeTo</c>), so the actor never blocks.
/// </summary>
public sealed partial class GatewayActor : ReceiveActor
{
    private readonly Targets _targets;
    private readonly TimeSpan _conductorTimeout;
    private readonly TimeProvider _time;
    private readonly ConductorDirectory _conductors = new();

    public GatewayActor(IActorRef nodeRegion, IActorRef nodeRegistry, IActorRef queryModel, GatewayOptions options, TimeProvider time,
        IActorRef? chassis = null, IActorRef? allocations = null, IActorRef? deployTemplates = null)
    {
        // Without a cluster (a gateway wired to stand-in actors) there are no shards to place messages in.
        var cluster = ((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider ? Cluster.Get(Context.System) : null;
        _targets = new Targets(nodeRegion, nodeRegistry, queryModel, Self, options.AskTimeout, new NodePlacements(), cluster,
            NodeViewCache.For(Context.System), ConductorLosses.For(Context.System));
        _conductorTimeout = options.ConductorQueryTimeout;
        _time = time;

        Receive<GatewayRequests.ForNode>(request => RunForNode(request, _targets).PipeTo(Sender));
        Receive<GatewayRequests.GetNode>(request => RunGetNode(request.Ident, _targets).PipeTo(Sender));
        var fresh = FreshNodeIds.For(Context.System);
        Receive<GatewayRequests.CreateNode>(request =>
            (request.Command.IdGenerated
                ? fresh.WhileCreating(request.Command.NodeId, _targets.Losses, () => SendToNode(request.Command, _targets)) // nothing to recover
                : SendToNode(request.Command, _targets)).PipeTo(Sender));
        Receive<GatewayRequests.ListNodes>(request => RunListNodes(request.Query, _targets).PipeTo(Sender));
        Receive<GatewayRequests.ListShards>(_ => RunListShards(_targets).PipeTo(Sender));
        Receive<GatewayRequests.ListConductors>(_ => StartListConductors());
        Receive<ConductorsGathered>(gathered =>
            gathered.ReplyTo.Tell(new GatewayReplies.Conductors(_conductors.Update(gathered.Answers, gathered.Registered, _time.GetUtcNow()))));
        ReceivePortsAndChassis(chassis ?? ActorRefs.Nobody);
        ReceiveVolumes();
        var allocationService = allocations ?? ActorRefs.Nobody;
        Receive<PortGatewayRequests.ToAllocations>(r => AskSingletonOrTimeOut(allocationService, r.Command, _targets, "The allocation service").PipeTo(Sender));
        var templateService = deployTemplates ?? ActorRefs.Nobody;
        Receive<PortGatewayRequests.ToDeployTemplates>(r => AskSingletonOrTimeOut(templateService, r.Command, _targets, "The deploy template service").PipeTo(Sender));
        ReceiveAgent();
    }

    public static Props Props(IActorRef nodeRegion, IActorRef nodeRegistry, IActorRef queryModel, GatewayOptions options, TimeProvider? time = null,
        IActorRef? chassis = null, IActorRef? allocations = null, IActorRef? deployTemplates = null)
    {
        var clock = time ?? TimeProvider.System;
        return Akka.Actor.Props.Create(() => new GatewayActor(nodeRegion, nodeRegistry, queryModel, options, clock, chassis, allocations, deployTemplates));
    }

    /// <summary>The actors a request talks to, captured so the async flows below never touch actor state.</summary>
    private sealed record Targets(
        IActorRef Region, IActorRef Registry, IActorRef QueryModel, IActorRef Gateway, TimeSpan Timeout, NodePlacements Placements, Cluster? Cluster,
        NodeViewCache Nodes, ConductorLosses Losses)
    {
        public string Seconds => $"{Timeout.TotalSeconds:0.#} s";
    }

    /// <summary>Answers of one conductor poll, sent to self so the directory is only touched inside the actor.</summary>
    private sealed record ConductorsGathered(
        IActorRef ReplyTo, IReadOnlyList<ConductorMessages.ConductorInfo> Answers, IReadOnlyList<ConductorMessages.ConductorInfo> Registered)
        : INoSerializationVerificationNeeded;

    /// <summary>
    /// Reads a node at rest from the read model, which every stored change reaches before it is answered (as Ironic reads
    /// its database): a sleeping node is not woken to be read. A node showing work in flight is asked instead, so that its
    /// lock (reservation) and the latest step of its work show; so is a node the read model does not know. When that
    /// node does not answer within <see cref="EntityReadPatience"/> (its conductor just died, and its shard waits for the
    /// cluster to remove it), the stored state is the answer, as Ironic reads its database whatever its conductors do.
    /// A node at rest read from the read model is kept for the next reads (<see cref="NodeViewCache"/>).
    /// </summary>
    private static async Task<object> RunGetNode(string ident, Targets targets)
    {
        NodeReplies.NodeView? stored = null;
        try
        {
            var generation = targets.Nodes.Generation;
            if (await targets.QueryModel.Ask<object>(new NodeQueries.FindNode(ident), targets.Timeout) is NodeReplies.NodeView view)
            {
                targets.Placements.Learn(view);
                targets.Nodes.Store(ident, view, generation);
                // A node no live conductor may host now is read as stored (nothing can resolve its work until one joins).
                if (!view.NeedsResolution || (targets.Cluster is { } cluster &&
                    !LivePlacements.IsHostable(cluster, NodePlacement.Of(view.Node))))
                    return view;
                stored = view;
            }
        }
        catch (AskTimeoutException)
        {
            // The read model is slow: the entity answers instead.
        }
        if (stored is null)
            return await RunForNode(new GatewayRequests.ForNode(ident, id => new NodeCommands.GetNode(id)), targets);
        var placement = NodePlacement.Of(stored.Node);
        try
        {
            var answer = await targets.Region.Ask<object>(
                targets.Cluster is null ? new NodeCommands.GetNode(stored.Node.Uuid) : new PlacedNodeMessage(placement, new NodeCommands.GetNode(stored.Node.Uuid)),
                EntityReadPatience);
            targets.Placements.Learn(answer);
            return answer;
        }
        catch (AskTimeoutException)
        {
            return stored;
        }
    }

    /// <summary>How long a read waits for a node with work in flight before it answers with the node as stored.</summary>
    private static readonly TimeSpan EntityReadPatience = TimeSpan.FromSeconds(2);

    private static async Task<object> RunForNode(GatewayRequests.ForNode request, Targets targets)
    {
        var resolved = Identifiers.NormalizeUuid(request.Ident) is { } uuid ? Guid.Parse(uuid) : await ResolveName(request.Ident, targets);
        return resolved is Guid nodeId ? await SendToNode(request.MakeCommand(nodeId), targets) : resolved;
    }

    /// <summary>
    /// The UUID (boxed) of the node named <paramref name="name"/> in the registry, or the reply to give instead: 404 when
    /// no node has that name, the registry's refusal, or its time-out.
    /// </summary>
    private static async Task<object> ResolveName(string name, Targets targets)
    {
        var resolved = await AskSingletonOrTimeOut(targets.Registry, new RegistryMessages.Resolve(name), targets, $"The node registry, looking up node {name},");
        return resolved switch
        {
            RegistryMessages.Resolved { NodeId: { } found } => found,
            RegistryMessages.Resolved => Replies.Rejected.NotFound(Messages.NodeNotFound(name)),
            _ => resolved,
        };
    }

    /// <summary>
    /// Asks the node's entity, in the shard of its placement (<see cref="NodePlacements"/>). Read-your-writes needs nothing
    /// here: an entity answers a write only once its row in the read model is stored, so every list, on every gateway,
    /// already shows it. When no live conductor serves the node's group and hardware type, the answer is Ironic's
    /// "No valid host" (a read of the node is answered from the read model); a create for such a placement goes to the
    /// node unplaced, which checks the body first and then refuses it the same way.
    /// </summary>
    private static async Task<object> SendToNode(IWithNodeId command, Targets targets)
    {
        var placement = targets.Cluster is null ? null
            : command is NodeCommands.CreateNode create ? NodePlacements.OfCreateBody(create.Body)
            : await targets.Placements.FindAsync(command.NodeId, targets.QueryModel, targets.Timeout);
        // In a cluster, a write goes out resendable (see AskWrite); a read is safe to repeat as it is.
        object message = targets.Cluster is null || command is NodeCommands.GetNode ? command : new ResendableNodeMessage(Guid.NewGuid(), command);
        if (placement is not null && LivePlacements.IsHostable(targets.Cluster!, placement))
            message = new PlacedNodeMessage(placement, (IWithNodeId)message);
        else if (placement is not null && command is not NodeCommands.CreateNode)
            return command is NodeCommands.GetNode
                ? await targets.QueryModel.Ask<object>(new NodeQueries.FindNode(command.NodeId.ToString()), targets.Timeout)
                : NodeReplies.NoValidHost(placement.Driver, placement.Group);
        try
        {
            var answer = command is NodeCommands.GetNode ? await AskRead(message, targets) : await AskWrite(message, targets);
            targets.Placements.Learn(answer);
            return answer;
        }
        catch (AskTimeoutException)
        {
            return new GatewayReplies.TimedOut(
                $"Node {command.NodeId} did not answer within {targets.Seconds}; its conductor may be busy or unavailable. Please retry.");
        }
    }

    /// <summary>
    /// A read is asked again after a short while: a message that reaches a shard in the instant its conductor hands it
    /// off (a graceful leave) is dropped by the region, and a read is safe to repeat.
    /// </summary>
    private static async Task<object> AskRead(object message, Targets targets)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var attempt = TimeSpan.FromTicks(Math.Min(ReadAttempt.Ticks, targets.Timeout.Ticks));
        while (true)
        {
            try
            {
                return await targets.Region.Ask<object>(message, attempt);
            }
            catch (AskTimeoutException) when (clock.Elapsed + attempt <= targets.Timeout)
            {
            }
        }
    }

    /// <summary>
    /// A write is asked once, and sent again only when a conductor is removed from the cluster while it waits: this
    /// member's region may have sent it to that conductor's shard (it learns the shard's new home only with the removal),
    /// and there it was lost. The copies go out under the same request id, which the node acts on once
    /// (<see cref="ResendableNodeMessage"/>); the first answer to any copy is the answer, within the one time-out.
    /// </summary>
    private static Task<object> AskWrite(object message, Targets targets) =>
        targets.Region.AskAcrossLossesAsync(message, targets.Timeout, targets.Losses);

    /// <summary>How long one attempt of a read waits for the node before it is asked again.</summary>
    private static readonly TimeSpan ReadAttempt = TimeSpan.FromSeconds(5);

    private static Task<object> RunListShards(Targets targets) => AskQueryModelOrTimeOut(NodeQueries.ListShards.Instance, targets, "The shard list");

    private static Task<object> RunListNodes(NodeQueries.ListNodes query, Targets targets) => AskQueryModelOrTimeOut(query, targets, "The node list");

    /// <summary>
    /// Asks a cluster singleton through its proxy (the registry, chassis, allocations, deploy templates), asked again
    /// when the oldest conductor, its host, is removed meanwhile (<see cref="AskAcrossLosses"/>): the first copy died
    /// with it. A create sent again carries the UUID the gateway chose, so a copy never makes a second one.
    /// </summary>
    private static async Task<object> AskSingletonOrTimeOut(IActorRef singleton, object message, Targets targets, string who)
    {
        try
        {
            return await singleton.AskAcrossLossesAsync(message, targets.Timeout, targets.Losses, singleton: true);
        }
        catch (AskTimeoutException)
        {
            return TimedOut(who, targets);
        }
    }

    /// <summary>Asks this member's query model (nothing to lose with a conductor: it lives here).</summary>
    private static async Task<object> AskQueryModelOrTimeOut(object query, Targets targets, string who)
    {
        try
        {
            return await targets.QueryModel.Ask<object>(query, targets.Timeout);
        }
        catch (AskTimeoutException)
        {
            return TimedOut(who, targets);
        }
    }

    private static GatewayReplies.TimedOut TimedOut(string who, Targets targets) => new($"{who} did not answer within {targets.Seconds}; please retry.");

    /// <summary>
    /// Every conductor registered in the database (Ironic's conductors table), alive when it is an Up, reachable
    /// conductor member that answers now; one that died or left stays listed with <c>alive</c> false.
    /// </summary>
    private void StartListConductors()
    {
        var replyTo = Sender;
        GatherAll(ConductorSelections(), _targets.QueryModel, _conductorTimeout).PipeTo(
            Self,
            success: gathered => gathered with { ReplyTo = replyTo },
            failure: _ => new ConductorsGathered(replyTo, [], []));
    }

    private static async Task<ConductorsGathered> GatherAll(List<ActorSelection> selections, IActorRef readModel, TimeSpan timeout)
    {
        var live = Gather(selections, timeout);
        IReadOnlyList<ConductorMessages.ConductorInfo> registered = [];
        try
        {
            if (await readModel.Ask<object>(ConductorMessages.ListRegistered.Instance, timeout) is ConductorMessages.Registered found)
                registered = found.Conductors;
        }
        catch (AskTimeoutException)
        {
            // The database is slow: list the live ones.
        }
        return new ConductorsGathered(ActorRefs.Nobody, await live, registered);
    }

    /// <summary>The conductor actor of every Up, reachable conductor member (or of this process when it is not clustered).</summary>
    private List<ActorSelection> ConductorSelections()
    {
        var path = "/user/" + ActorKeys.ConductorActorName;
        if (((ExtendedActorSystem)Context.System).Provider is not IClusterActorRefProvider)
            return [Context.ActorSelection(path)];
        var state = Cluster.Get(Context.System).State;
        return state.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(ActorKeys.ConductorRole) && !state.Unreachable.Contains(m))
            .Select(m => Context.ActorSelection(m.Address + path))
            .ToList();
    }

    private static async Task<IReadOnlyList<ConductorMessages.ConductorInfo>> Gather(List<ActorSelection> selections, TimeSpan timeout)
    {
        var answers = await Task.WhenAll(selections.Select(async selection =>
        {
            try
            {
                return await selection.Ask<object>(ConductorMessages.GetConductorInfo.Instance, timeout) as ConductorMessages.ConductorInfo;
            }
            catch (Exception)
            {
                return null; // not answering in time means not alive
            }
        }));
        return answers.OfType<ConductorMessages.ConductorInfo>().ToList();
    }
}
