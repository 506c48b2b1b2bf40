using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// Stand-ins for the node region, registry, read model and a conductor, enough to drive the gateway
/// actor and the HTTP endpoints. As real node entities do, the fake region stores every write (in
/// <see cref="Nodes"/>, which the fake read model lists) before it answers.
/// </summary>
internal sealed class FakeCluster
{
    public ConcurrentDictionary<Guid, Node> Nodes { get; } = new();
    public ConcurrentDictionary<string, Guid> Names { get; } = new();

    public sealed class Region : ReceiveActor
    {
        private readonly FakeCluster cluster;
        private long _version;

        public Region(FakeCluster cluster)
        {
            this.cluster = cluster;
            Receive<NodeCommands.CreateNode>(c =>
            {
                var blank = new Node
                {
                    Uuid = c.NodeId, Driver = "", ProvisionState = c.InitialState, Interfaces = TestViews.FakeInterfaces,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                var (node, error) = NodeDocument.Read(c.Body, blank);
                if (node is null)
                {
                    Sender.Tell(new Replies.Rejected(RejectionKind.Invalid, error!));
                    return;
                }
                if (!cluster.Nodes.TryAdd(node.Uuid, node))
                {
                    Sender.Tell(new Replies.Rejected(RejectionKind.Conflict, $"A node with UUID {node.Uuid} already exists."));
                    return;
                }
                if (node.Name is { } name)
                    cluster.Names[name] = node.Uuid;
                Sender.Tell(new NodeReplies.Accepted(View(node)));
            });
            Receive<NodeCommands.GetNode>(c => Reply(c.NodeId, n => View(n)));
            Receive<NodeCommands.PatchNode>(c => Reply(c.NodeId, n =>
            {
                var doc = NodeDocument.ToDocument(n);
                if (JsonPatcher.Apply(doc, c.Operations, NodeDocument.PatchableFields) is { } error)
                    return new Replies.Rejected(RejectionKind.Invalid, error);
                var (updated, readError) = NodeDocument.Read(doc, n);
                if (updated is null)
                    return new Replies.Rejected(RejectionKind.Invalid, readError!);
                cluster.Nodes[n.Uuid] = updated;
                return new NodeReplies.Accepted(View(updated));
            }));
            Receive<NodeCommands.ChangeProvisionState>(c => Reply(c.NodeId, n => Update(n with { ProvisionState = "verifying", TargetProvisionState = "manageable" })));
            Receive<NodeCommands.ChangePowerState>(c => Reply(c.NodeId, n => Update(n with { TargetPowerState = c.Target })));
            Receive<NodeCommands.SetMaintenance>(c => Reply(c.NodeId, n => Update(n with { Maintenance = c.Maintenance, MaintenanceReason = c.Reason })));
            Receive<NodeCommands.DeleteNode>(c => Reply(c.NodeId, n =>
            {
                cluster.Nodes.TryRemove(n.Uuid, out _);
                return new NodeReplies.Deleted(n.Uuid, ++_version);
            }));
        }

        private NodeReplies.Accepted Update(Node node)
        {
            cluster.Nodes[node.Uuid] = node;
            return new NodeReplies.Accepted(View(node));
        }

        private void Reply(Guid id, Func<Node, object> act) =>
            Sender.Tell(cluster.Nodes.TryGetValue(id, out var node)
                ? act(node)
                : new Replies.Rejected(RejectionKind.NotFound, $"Node {id} could not be found."));

        private NodeReplies.NodeView View(Node node) => new(node, null, "conductor-1", ++_version);
    }

    public sealed class Registry : ReceiveActor
    {
        public Registry(FakeCluster cluster) =>
            Receive<RegistryMessages.Resolve>(r =>
                Sender.Tell(new RegistryMessages.Resolved(r.Ident, cluster.Names.TryGetValue(r.Ident, out var id) ? id : null)));
    }

    /// <summary>Lists what the fake region stored.</summary>
    public sealed class QueryModel : ReceiveActor
    {
        public QueryModel(FakeCluster cluster)
        {
            Receive<ConductorMessages.ListRegistered>(_ => Sender.Tell(new ConductorMessages.Registered([])));
            Receive<NodeQueries.ListNodes>(q =>
            {
                var all = cluster.Nodes.Values.OrderBy(n => n.CreatedAt).ThenBy(n => n.Uuid)
                    .Select(n => new NodeReplies.NodeView(n, null, "conductor-1", 1)).ToList();
                var start = 0;
                if (q.Marker is { } marker)
                {
                    var index = all.FindIndex(v => v.Node.Uuid == marker);
                    if (index < 0)
                    {
                        Sender.Tell(q.AsStored ? new NodeQueries.StoredNodePage([], false) : new NodeQueries.NodePage([], false));
                        return;
                    }
                    start = index + 1;
                }
                var page = all.Skip(start)
                    .Where(v => q.Maintenance is null || v.Node.Maintenance == q.Maintenance)
                    .Take(q.Limit).ToList();
                // As the read model answers: the documents as stored when asked so (the gateway's node lists).
                Sender.Tell(q.AsStored
                    ? new NodeQueries.StoredNodePage(page.Select(v => new NodeQueries.StoredNode(
                        Protocol.Serialization.IronicSerializer.ToJson(v.Node), v.Reservation, v.Conductor, v.Version)).ToList(), true)
                    : new NodeQueries.NodePage(page, true));
            });
        }
    }

    public sealed class Conductor : ReceiveActor
    {
        public Conductor() =>
            Receive<ConductorMessages.GetConductorInfo>(_ => Sender.Tell(new ConductorMessages.ConductorInfo(
                "conductor-1", "", [FakeHardware], new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero))));

        public static readonly ConductorMessages.HardwareTypeInfo FakeHardware = new(
            "fake-hardware",
            NodeInterfaces.Types.ToDictionary(t => t, t => (string?)(t is "network" or "storage" ? "noop" : "fake")),
            NodeInterfaces.Types.ToDictionary(t => t, t => (IReadOnlyList<string>)(t is "network" or "storage" ? ["noop"] : ["fake"])),
            new Dictionary<string, string> { ["fake_key"] = "A fake property." });
    }

    /// <summary>An <see cref="IRequiredActor{TActor}"/> for a fixed actor (what Akka.Hosting registers in a real host).</summary>
    public sealed class FixedActor<TKey>(IActorRef actor) : IRequiredActor<TKey>
    {
        public IActorRef ActorRef => actor;
        public Task<IActorRef> GetAsync(CancellationToken cancel = default) => Task.FromResult(actor);
    }

    public static JsonObject Body(string json) => (JsonObject)JsonNode.Parse(json)!;
}
