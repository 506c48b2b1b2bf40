using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Allocations;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol;
using static Ironic.Actors.Protocol.Allocations.AllocationCommands;

namespace Ironic.Actors.Conductor.Allocations;

/// <summary>
/// Every allocation, as one persistent cluster singleton on conductor members. Why a singleton and not an entity per
/// allocation: allocations are few and short-lived (one per instance being scheduled), names must be unique across all
/// of them, and lists filter and sort them all, which one actor holding them answers at once (as the chassis singleton
/// does). What must be safe under concurrency, that no node is given twice, does not rely on this actor at all: each
/// candidate node entity decides for itself, under its own lock, whether it takes an allocation, stores that before it
/// says yes, and refuses any second one; a refused allocation tries its next candidate. Many allocations are processed
/// at once (each as an asynchronous flow piped back here), so the singleton is never the bottleneck of a slow node.
/// Replies follow the stored events. Allocations found in <c>allocating</c> after a restart are processed again, as
/// Ironic's conductor resumes them (a node already holding the allocation answers yes again).
/// </summary>
public sealed class AllocationsActor : ReceivePersistentActor
{
    public const string Name = "allocations";
    private const int SnapshotEvery = 500;
    private const int MaxCandidates = 10_000;

    private readonly AllocationCatalog _catalog = new();
    private readonly Func<IActorRef?> _nodeRegion;
    private readonly Func<IActorRef?> _queryModel;
    private readonly TimeProvider _time;
    private readonly TimeSpan _askTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Guid> _processing = [];
    private readonly ConductorLosses _losses = ConductorLosses.For(Context.System);

    public AllocationsActor(Func<IActorRef?> nodeRegion, Func<IActorRef?> queryModel, TimeProvider time, TimeSpan askTimeout)
    {
        _nodeRegion = nodeRegion;
        _queryModel = queryModel;
        _time = time;
        _askTimeout = askTimeout;

        Recover<SnapshotOffer>(offer => _catalog.Apply(offer.Snapshot));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var pending in _catalog.All.Where(a => a.State == AllocationStates.Allocating).ToList())
                StartProcessing(pending);
        });
        RecoverAny(e => _catalog.Apply(e));

        Command<GetAllocation>(get => Sender.Tell(_catalog.Find(get.Ident) is { } found
            ? new AllocationReplies.AllocationView(found)
            : Rejected(AllocationDecisions.NotFound(get.Ident))));
        Command<ListAllocations>(OnList);
        Command<GetNodeAllocation>(get => ResolveNode(get.NodeIdent, get));
        Command<DeleteNodeAllocation>(delete => ResolveNode(delete.NodeIdent, delete));
        Command<NodeResolved>(OnNodeResolved);
        Command<CreateAllocation>(OnCreate);
        Command<CreateResolved>(OnCreateResolved);
        Command<BackfillAnswered>(OnBackfillAnswered);
        Command<Processed>(OnProcessed);
        Command<PatchAllocation>(OnPatch);
        Command<DeleteAllocation>(delete =>
        {
            if (_catalog.Find(delete.Ident) is { } allocation)
                Delete(allocation, Sender);
            else
                Sender.Tell(Rejected(AllocationDecisions.NotFound(delete.Ident)));
        });
        Command<ReleaseAnswered>(OnReleaseAnswered);
        Command<NodeDroppedAllocation>(dropped =>
        {
            if (_catalog.Find(dropped.AllocationId) is { } allocation && allocation.NodeUuid == dropped.NodeId)
                Store(new AllocationEvents.AllocationDeleted(allocation.Uuid, _time.GetUtcNow()), null);
        });
        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "allocations";

    /// <param name="nodeRegion">The node shard region, looked up when first needed.</param>
    /// <param name="queryModel">This member's node query model (read model), looked up when first needed.</param>
    public static Props Props(Func<IActorRef?> nodeRegion, Func<IActorRef?> queryModel, TimeProvider time, TimeSpan? askTimeout = null) =>
        Akka.Actor.Props.Create(() => new AllocationsActor(nodeRegion, queryModel, time, askTimeout ?? TimeSpan.FromSeconds(10)));

    // ---- create ----

    private void OnCreate(CreateAllocation create)
    {
        if (!create.UuidGiven && _catalog.Find(create.AllocationId) is { } own)
        {
            // The gateway generated this UUID for the request: an allocation under it was stored by an earlier copy of
            // the request, whose conductor died before answering (a backfill's, stored under its node's instance UUID,
            // is not found so and goes on to be refused as a duplicate).
            Sender.Tell(new AllocationReplies.AllocationView(own));
            return;
        }
        var replyTo = Sender;
        var body = create.Body;
        var nodeIdent = SchemaCheck.String(body, "node");
        var candidates = body["candidate_nodes"] is JsonArray array ? array.Select(c => c!.GetValue<string>()).ToList() : [];
        var queryModel = _queryModel();
        var timeout = _askTimeout;
        ResolveForCreate(queryModel, nodeIdent, candidates, timeout)
            .PipeTo(Self, success: r => new CreateResolved(create, replyTo, r.Node, r.Candidates, r.Error));
    }

    private static async Task<(Node? Node, IReadOnlyList<string> Candidates, Rejection? Error)> ResolveForCreate(
        IActorRef? queryModel, string? nodeIdent, IReadOnlyList<string> candidateIdents, TimeSpan timeout)
    {
        Node? node = null;
        if (nodeIdent is not null)
        {
            var found = await Find(queryModel, nodeIdent, timeout);
            if (found is not NodeReplies.NodeView view)
                return (null, [], found is Replies.Rejected { Kind: RejectionKind.NotFound }
                    ? Rejection.Invalid($"Node {nodeIdent} could not be found.")
                    : Unavailable());
            node = view.Node;
        }
        var idents = candidateIdents.Distinct().ToList();
        var mapping = new Dictionary<string, string>();
        var missing = new List<string>();
        foreach (var ident in idents)
        {
            if (FieldRules.NormalizeUuid(ident) is null && !FieldRules.IsLogicalName(ident))
            {
                missing.Add(ident);
                continue;
            }
            var found = await Find(queryModel, ident, timeout);
            if (found is NodeReplies.NodeView view)
                mapping[ident] = view.Node.Uuid.ToString();
            else if (found is Replies.Rejected { Kind: RejectionKind.NotFound or RejectionKind.Invalid })
                missing.Add(ident);
            else
                return (null, [], Unavailable());
        }
        if (missing.Count > 0)
            return (null, [], Rejection.Invalid($"Nodes cannot be found: {string.Join(", ", missing)}"));
        return (node, candidateIdents.Select(i => mapping[i]).ToList(), null);
    }

    private void OnCreateResolved(CreateResolved resolved)
    {
        if (resolved.Error is { } error)
        {
            resolved.ReplyTo.Tell(Rejected(error));
            return;
        }
        var body = resolved.Command.Body;
        var node = resolved.Node;
        var id = resolved.Command.AllocationId;
        if (!resolved.Command.UuidGiven && node?.InstanceUuid is { } instance && Guid.TryParse(instance, out var instanceId))
            id = instanceId; // a backfill takes the node's instance UUID, as Ironic does
        var name = SchemaCheck.String(body, "name") is { Length: > 0 } n ? n : null;
        if (_catalog.NameTaken(name))
        {
            resolved.ReplyTo.Tell(Rejected(AllocationDecisions.DuplicateName(name!)));
            return;
        }
        if (_catalog.Find(id) is not null)
        {
            resolved.ReplyTo.Tell(Rejected(AllocationDecisions.AlreadyExists(id)));
            return;
        }
        var traits = body["traits"] is JsonArray t ? t.Select(x => x!.GetValue<string>()).ToImmutableArray() : [];
        var allocation = new Allocation
        {
            Uuid = id,
            Name = name,
            ResourceClass = SchemaCheck.String(body, "resource_class") is { Length: > 0 } rc ? rc : node?.ResourceClass,
            Traits = traits,
            CandidateNodes = [.. resolved.Candidates],
            Extra = SchemaCheck.Object(body, "extra"),
            Owner = SchemaCheck.String(body, "owner"),
            CreatedAt = _time.GetUtcNow(),
        };
        Persist(new AllocationEvents.AllocationCreated(allocation), e =>
        {
            _catalog.Apply(e);
            MaybeSnapshot();
            if (node is null)
            {
                resolved.ReplyTo.Tell(new AllocationReplies.AllocationView(allocation));
                StartProcessing(allocation);
                return;
            }
            // Backfill: synchronous in Ironic; the client hears how it ended.
            var region = _nodeRegion();
            if (region is null)
            {
                Self.Tell(new BackfillAnswered(allocation, node.Uuid, new Replies.Rejected(RejectionKind.Conflict, "The node service is unavailable."), resolved.ReplyTo));
                return;
            }
            region.AskAcrossLossesAsync(new PlacedNodeMessage(NodePlacement.Of(node),
                    new NodeAllocationCommands.BackfillAllocation(node.Uuid, allocation)), _askTimeout, _losses)
                .PipeTo(Self, success: answer => new BackfillAnswered(allocation, node.Uuid, answer, resolved.ReplyTo),
                    failure: ex => new BackfillAnswered(allocation, node.Uuid, new Replies.Rejected(RejectionKind.Conflict, ex.Message), resolved.ReplyTo));
        });
    }

    private void OnBackfillAnswered(BackfillAnswered answered)
    {
        if (_catalog.Find(answered.Allocation.Uuid) is not { } current)
        {
            answered.ReplyTo.Tell(Rejected(AllocationDecisions.NotFound(answered.Allocation.Uuid.ToString())));
            return;
        }
        var now = _time.GetUtcNow();
        if (answered.Answer is NodeReplies.Accepted)
        {
            var active = current with { State = AllocationStates.Active, NodeUuid = answered.NodeId, LastError = null, UpdatedAt = now };
            Store(new AllocationEvents.AllocationUpdated(active), new AllocationReplies.AllocationView(active), answered.ReplyTo);
            return;
        }
        var rejected = answered.Answer as Replies.Rejected ?? new Replies.Rejected(RejectionKind.Conflict, "Unexpected answer from the node.");
        var failed = current with { State = AllocationStates.Error, NodeUuid = null, LastError = rejected.Message, UpdatedAt = now };
        Store(new AllocationEvents.AllocationUpdated(failed), rejected, answered.ReplyTo);
    }

    // ---- the allocation process ----

    private void StartProcessing(Allocation allocation)
    {
        if (!_processing.Add(allocation.Uuid))
            return;
        Process(allocation, _queryModel(), _nodeRegion(), _askTimeout, _losses).PipeTo(Self,
            success: outcome => outcome,
            failure: ex => new Processed(allocation.Uuid, null,
                AllocationDecisions.Failed(allocation.Uuid, $"Unexpected exception during allocation: {ex.GetBaseException().Message}")));
    }

    /// <summary>
    /// Ironic's do_allocate: list the candidates from the read model, then ask each candidate node, in order, to reserve
    /// itself; the first that says yes is the allocation's node. Runs off the actor; the outcome is piped back. A request
    /// to a node whose conductor dies meanwhile is sent again once it is removed (reserving is idempotent: a node that
    /// already holds the allocation says yes again), so a node reserved just before its conductor died is not left holding
    /// an allocation that went on to another node.
    /// </summary>
    private static async Task<Processed> Process(Allocation allocation, IActorRef? queryModel, IActorRef? region, TimeSpan timeout,
        ConductorLosses losses)
    {
        if (queryModel is null || region is null)
            return new Processed(allocation.Uuid, null, AllocationDecisions.Failed(allocation.Uuid, "no conductor is available to process it"));
        var listed = await queryModel.Ask<object>(new NodeQueries.ListNodes(
            ProvisionState: Domain.States.ProvisionStates.Available, Maintenance: false, Associated: false,
            ResourceClass: allocation.ResourceClass, Limit: MaxCandidates), timeout);
        if (listed is not NodeQueries.NodePage page)
            return new Processed(allocation.Uuid, null, AllocationDecisions.Failed(allocation.Uuid, "the node list is unavailable"));
        var (candidates, error) = AllocationDecisions.Candidates(allocation, page.Nodes.Select(v => v.Node), Shuffle);
        if (error is not null)
            return new Processed(allocation.Uuid, null, error);
        var locked = 0;
        foreach (var node in candidates)
        {
            object answer;
            try
            {
                answer = await region.AskAcrossLossesAsync(new PlacedNodeMessage(NodePlacement.Of(node),
                    new NodeAllocationCommands.ReserveForAllocation(node.Uuid, allocation.Uuid, allocation.ResourceClass, allocation.Traits)), timeout,
                    losses);
            }
            catch (Exception)
            {
                locked++;
                continue;
            }
            if (answer is NodeReplies.Accepted)
                return new Processed(allocation.Uuid, node.Uuid, null);
            if (answer is Replies.Rejected r && r.Message.Contains(" is locked by host ", StringComparison.Ordinal))
                locked++;
        }
        return new Processed(allocation.Uuid, null, locked > 0
            ? AllocationDecisions.Failed(allocation.Uuid, $"could not reserve any of {locked} suitable nodes")
            : AllocationDecisions.NoneReserved(allocation.Uuid));
    }

    private static IReadOnlyList<Node> Shuffle(IReadOnlyList<Node> nodes)
    {
        var list = nodes.ToArray();
        Random.Shared.Shuffle(list);
        return list;
    }

    private void OnProcessed(Processed outcome)
    {
        _processing.Remove(outcome.AllocationId);
        if (_catalog.Find(outcome.AllocationId) is not { } current)
        {
            // Deleted while it was being processed: give the node back.
            if (outcome.NodeId is { } orphan)
                _nodeRegion()?.Tell(new NodeAllocationCommands.ReleaseAllocation(orphan, outcome.AllocationId));
            return;
        }
        var now = _time.GetUtcNow();
        var updated = outcome.NodeId is { } nodeId
            ? current with { State = AllocationStates.Active, NodeUuid = nodeId, LastError = null, UpdatedAt = now }
            : current with { State = AllocationStates.Error, NodeUuid = null, LastError = outcome.Error, UpdatedAt = now };
        if (outcome.NodeId is null)
            _log.Warning("Allocation {0} failed: {1}", current.Uuid, outcome.Error);
        Store(new AllocationEvents.AllocationUpdated(updated), null);
    }

    // ---- read, patch, delete ----

    private void OnList(ListAllocations list)
    {
        if (list.NodeIdent is null)
            Sender.Tell(_catalog.Page(list, null));
        else
            ResolveNode(list.NodeIdent, list);
    }

    private void ResolveNode(string ident, object request)
    {
        var replyTo = Sender;
        Find(_queryModel(), ident, _askTimeout).PipeTo(Self, success: answer => new NodeResolved(request, answer, replyTo));
    }

    private void OnNodeResolved(NodeResolved resolved)
    {
        if (resolved.Answer is not NodeReplies.NodeView view)
        {
            var notFound = resolved.Answer is Replies.Rejected { Kind: RejectionKind.NotFound or RejectionKind.Invalid };
            var ident = resolved.Request switch
            {
                ListAllocations l => l.NodeIdent!,
                GetNodeAllocation g => g.NodeIdent,
                DeleteNodeAllocation d => d.NodeIdent,
                _ => "",
            };
            // The list and the node's allocation answer 400 for a missing node, the node's DELETE 404 (as Ironic).
            resolved.ReplyTo.Tell(!notFound ? resolved.Answer
                : resolved.Request is DeleteNodeAllocation ? Rejected(Rejection.NodeNotFound(ident))
                : Rejected(Rejection.Invalid($"Node {ident} could not be found.")));
            return;
        }
        var nodeId = view.Node.Uuid;
        switch (resolved.Request)
        {
            case ListAllocations list:
                resolved.ReplyTo.Tell(_catalog.Page(list, nodeId));
                break;
            case GetNodeAllocation get:
                resolved.ReplyTo.Tell(_catalog.OfNode(nodeId) is { } found
                    ? new AllocationReplies.AllocationView(found)
                    : Rejected(AllocationDecisions.NotFoundForNode(get.NodeIdent)));
                break;
            case DeleteNodeAllocation delete:
                if (_catalog.OfNode(nodeId) is { } held)
                    Delete(held, resolved.ReplyTo);
                else
                    resolved.ReplyTo.Tell(Rejected(AllocationDecisions.NotFoundForNode(delete.NodeIdent)));
                break;
        }
    }

    private void OnPatch(PatchAllocation patch)
    {
        if (_catalog.Find(patch.Ident) is not { } current)
        {
            Sender.Tell(Rejected(AllocationDecisions.NotFound(patch.Ident)));
            return;
        }
        var (updated, rejection) = AllocationDecisions.Patch(current, patch.Operations, _time.GetUtcNow());
        if (updated is null)
            Sender.Tell(Rejected(rejection!));
        else if (ReferenceEquals(updated, current))
            Sender.Tell(new AllocationReplies.AllocationView(current));
        else if (updated.Name != current.Name && _catalog.NameTaken(updated.Name))
            Sender.Tell(Rejected(AllocationDecisions.DuplicateName(updated.Name!)));
        else
            Store(new AllocationEvents.AllocationUpdated(updated), new AllocationReplies.AllocationView(updated));
    }

    /// <summary>Ironic's destroy_allocation: the node (if any) must let go first, under its own lock.</summary>
    private void Delete(Allocation allocation, IActorRef replyTo)
    {
        if (allocation.NodeUuid is not { } nodeId)
        {
            Store(new AllocationEvents.AllocationDeleted(allocation.Uuid, _time.GetUtcNow()), new AllocationReplies.AllocationRemoved(allocation.Uuid), replyTo);
            return;
        }
        var region = _nodeRegion();
        if (region is null)
        {
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, "The node service is unavailable."));
            return;
        }
        region.AskAcrossLossesAsync(new NodeAllocationCommands.ReleaseAllocation(nodeId, allocation.Uuid), _askTimeout, _losses)
            .PipeTo(Self, success: answer => new ReleaseAnswered(allocation.Uuid, answer, replyTo),
                failure: ex => new ReleaseAnswered(allocation.Uuid, new Replies.Rejected(RejectionKind.Conflict, ex.Message), replyTo));
    }

    private void OnReleaseAnswered(ReleaseAnswered answered)
    {
        if (_catalog.Find(answered.AllocationId) is null)
        {
            answered.ReplyTo.Tell(new AllocationReplies.AllocationRemoved(answered.AllocationId));
            return;
        }
        if (answered.Answer is NodeReplies.Accepted or Replies.Rejected { Kind: RejectionKind.NotFound })
            Store(new AllocationEvents.AllocationDeleted(answered.AllocationId, _time.GetUtcNow()),
                new AllocationReplies.AllocationRemoved(answered.AllocationId), answered.ReplyTo);
        else
            answered.ReplyTo.Tell(answered.Answer);
    }

    // ---- helpers ----

    private static async Task<object> Find(IActorRef? queryModel, string ident, TimeSpan timeout)
    {
        if (queryModel is null)
            return Rejected(Unavailable());
        try
        {
            return await queryModel.Ask<object>(new NodeQueries.FindNode(ident), timeout);
        }
        catch (Exception)
        {
            return Rejected(Unavailable());
        }
    }

    private static Rejection Unavailable() => Rejection.Conflict("The node list is unavailable, please retry.");

    private void Store(object e, object? reply, IActorRef? replyTo = null)
    {
        var to = replyTo ?? Sender;
        Persist(e, stored =>
        {
            _catalog.Apply(stored);
            MaybeSnapshot();
            if (reply is not null)
                to.Tell(reply);
        });
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
            SaveSnapshot(_catalog.ToSnapshot());
    }

    private static Replies.Rejected Rejected(Rejection r) => Replies.Rejected.From(r);

    // Strictly local continuations of the asynchronous flows above.
    private sealed record CreateResolved(CreateAllocation Command, IActorRef ReplyTo, Node? Node, IReadOnlyList<string> Candidates, Rejection? Error)
        : INoSerializationVerificationNeeded;

    private sealed record BackfillAnswered(Allocation Allocation, Guid NodeId, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    private sealed record Processed(Guid AllocationId, Guid? NodeId, string? Error) : INoSerializationVerificationNeeded;

    private sealed record ReleaseAnswered(Guid AllocationId, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    private sealed record NodeResolved(object Request, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;
}
