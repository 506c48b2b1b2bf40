using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Allocations;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>Samples of the allocation types, listed by <see cref="Samples.OnePerType"/> and <see cref="Samples.Variants"/>.</summary>
internal static class AllocationSamples
{
    public static readonly Guid AllocationId = Guid.Parse("6c0f3e1a-2b4d-4e8f-9a1b-3c5d7e9f1a2b");

    /// <summary>An allocation with every field set.</summary>
    public static Allocation FullAllocation() => new()
    {
        Uuid = AllocationId,
        Name = "alloc-0",
        ResourceClass = "baremetal-gold",
        Traits = ["CUSTOM_GPU", "HW_CPU_X86_AVX2"],
        CandidateNodes = [NodeId.ToString(), OtherNodeId.ToString()],
        Extra = new JsonObject { ["ticket"] = "OPS-12", ["nested"] = new JsonObject { ["n"] = 1 } },
        Owner = "project-a",
        State = AllocationStates.Error,
        LastError = $"Failed to process allocation {AllocationId}: no available nodes match the resource class baremetal-gold.",
        NodeUuid = NodeId,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static IEnumerable<object> OnePerType()
    {
        yield return new AllocationReserved(NodeId, AllocationId, ["CUSTOM_GPU"], EventAt);
        yield return new AllocationReleased(NodeId, AllocationId, EventAt);
        yield return new AllocationEvents.AllocationCreated(FullAllocation());
        yield return new AllocationEvents.AllocationUpdated(FullAllocation());
        yield return new AllocationEvents.AllocationDeleted(AllocationId, EventAt);
        yield return new AllocationEvents.AllocationSnapshot([FullAllocation()]);
        yield return new AllocationCommands.CreateAllocation(AllocationId, true, new JsonObject
        {
            ["resource_class"] = "baremetal-gold", ["traits"] = new JsonArray("CUSTOM_GPU"), ["extra"] = new JsonObject { ["a"] = 1 },
        });
        yield return new AllocationCommands.GetAllocation("alloc-0");
        yield return new AllocationCommands.GetNodeAllocation("compute-0.rack-12");
        yield return new AllocationCommands.ListAllocations("compute-0.rack-12", "baremetal-gold", "active", "project-a", "name", "desc", 10, AllocationId);
        yield return new AllocationCommands.PatchAllocation("alloc-0", [new PatchOperation("replace", "/extra/a", JsonValue.Create(2), true)]);
        yield return new AllocationCommands.DeleteAllocation("alloc-0");
        yield return new AllocationCommands.DeleteNodeAllocation("compute-0.rack-12");
        yield return new AllocationCommands.NodeDroppedAllocation(AllocationId, NodeId);
        yield return new AllocationReplies.AllocationView(FullAllocation());
        yield return new AllocationReplies.AllocationPage([FullAllocation()], MarkerFound: true);
        yield return new AllocationReplies.AllocationRemoved(AllocationId);
        yield return new NodeAllocationCommands.ReserveForAllocation(NodeId, AllocationId, "baremetal-gold", ["CUSTOM_GPU"]);
        yield return new NodeAllocationCommands.BackfillAllocation(NodeId, FullAllocation());
        yield return new NodeAllocationCommands.ReleaseAllocation(NodeId, AllocationId);
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("Allocation minimal", new AllocationEvents.AllocationCreated(new Allocation { Uuid = AllocationId, CreatedAt = CreatedAt }));
        yield return ("AllocationPage empty", new AllocationReplies.AllocationPage([], MarkerFound: false));
    }
}
