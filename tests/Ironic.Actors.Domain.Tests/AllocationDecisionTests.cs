using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>The candidate filter, the node's reservation and release checks, and backfill, as Ironic's conductor decides them.</summary>
[TestFixture]
public sealed class AllocationDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("6c0f3e1a-2b4d-4e8f-9a1b-3c5d7e9f1a2b");

    private static Node Candidate(string name = "n", string rc = "gold", params string[] traits) =>
        InState("available") with { Uuid = Guid.NewGuid(), Name = name, ResourceClass = rc, PowerState = "power off", Traits = [.. traits] };

    private static Allocation Request(string rc = "gold", string? name = null, string[]? traits = null, string[]? candidates = null) => new()
    {
        Uuid = Id, Name = name, ResourceClass = rc, Traits = [.. traits ?? []], CandidateNodes = [.. candidates ?? []], CreatedAt = Now,
    };

    private static IReadOnlyList<Node> Keep(IReadOnlyList<Node> nodes) => nodes;

    [Test]
    public void Only_available_idle_matching_nodes_are_candidates()
    {
        var good = Candidate("good");
        Node[] nodes =
        [
            good,
            Candidate("maint") with { Maintenance = true },
            Candidate("busy") with { InstanceUuid = Guid.NewGuid().ToString() },
            Candidate("manageable") with { ProvisionState = "manageable" },
            Candidate("silver", "silver"),
            Candidate("no-power") with { PowerState = null },
        ];
        var (found, error) = AllocationDecisions.Candidates(Request(), nodes, Keep);
        Assert.That(error, Is.Null);
        Assert.That(found.Select(n => n.Name), Is.EqualTo(new[] { "good" }));
    }

    [Test]
    public void Errors_are_worded_as_Ironic_records_them()
    {
        Assert.That(AllocationDecisions.Candidates(Request("none"), [Candidate()], Keep).Error,
            Is.EqualTo($"Failed to process allocation {Id}: no available nodes match the resource class none."));
        Assert.That(AllocationDecisions.Candidates(Request(candidates: [Guid.NewGuid().ToString()]), [Candidate()], Keep).Error,
            Is.EqualTo($"Failed to process allocation {Id}: none of the requested nodes are available and match the resource class gold."));
        Assert.That(AllocationDecisions.Candidates(Request(traits: ["CUSTOM_A"]), [Candidate()], Keep).Error,
            Is.EqualTo($"Failed to process allocation {Id}: no suitable nodes have the requested traits CUSTOM_A."));
    }

    [Test]
    public void Traits_candidates_and_the_name_preference_apply()
    {
        var a = Candidate("a", "gold", "CUSTOM_A");
        var b = Candidate("b", "gold", "CUSTOM_A", "CUSTOM_B");
        var c = Candidate("c");
        Assert.That(AllocationDecisions.Candidates(Request(traits: ["CUSTOM_A", "CUSTOM_B"]), [a, b, c], Keep).Nodes, Is.EqualTo(new[] { b }));
        Assert.That(AllocationDecisions.Candidates(Request(candidates: [c.Uuid.ToString()]), [a, b, c], Keep).Nodes, Is.EqualTo(new[] { c }));
        Assert.That(AllocationDecisions.Candidates(Request(name: "c"), [a, b, c], Keep).Nodes[0], Is.SameAs(c), "a node named as the allocation first");
    }

    [Test]
    public void A_node_takes_one_allocation_only()
    {
        var node = Candidate("n", "gold", "CUSTOM_A");
        var first = AllocationDecisions.Reserve(node, Id, "gold", ["CUSTOM_A"], Now);
        Assert.That(first.Events.Single(), Is.InstanceOf<AllocationReserved>());
        var reserved = node.Apply(first.Events.Single())!;
        Assert.That(reserved.AllocationUuid, Is.EqualTo(Id));
        Assert.That(reserved.InstanceUuid, Is.EqualTo(Id.ToString()));
        Assert.That(reserved.InstanceInfo["traits"]!.ToJsonString(), Is.EqualTo("""["CUSTOM_A"]"""));

        Assert.That(AllocationDecisions.Reserve(reserved, Id, "gold", ["CUSTOM_A"], Now).Events, Is.Empty, "the same allocation again: yes, nothing new");
        var other = Guid.NewGuid();
        // Internal to the allocation process (the next candidate is tried), so not a text Ironic shows a client.
        Assert.That(AllocationDecisions.Reserve(reserved, other, "gold", [], Now).Rejection,
            Is.EqualTo(Rejection.Conflict($"Node {reserved.Uuid} cannot be reserved for allocation {other}.")));
        Assert.That(AllocationDecisions.Reserve(node, Id, "gold", ["CUSTOM_B"], Now).IsAccepted, Is.False, "traits re-checked by the node");
    }

    [Test]
    public void Release_is_refused_on_an_active_node_outside_maintenance()
    {
        var active = Candidate() with { ProvisionState = "active", AllocationUuid = Id, InstanceUuid = Id.ToString() };
        Assert.That(AllocationDecisions.Release(active, Id, Now).Rejection?.Message,
            Is.EqualTo($"Cannot remove allocation {Id} for node {active.Uuid}, because the node is active (and maintenance mode is off)"));
        var released = AllocationDecisions.Release(active with { Maintenance = true }, Id, Now);
        var node = (active with { Maintenance = true }).Apply(released.Events.Single())!;
        Assert.That((node.AllocationUuid, node.InstanceUuid), Is.EqualTo(((Guid?)null, (string?)null)));
    }

    [Test]
    public void Backfill_needs_an_active_matching_node()
    {
        var available = Candidate();
        var rejection = AllocationDecisions.Backfill(available, Request("silver"), Now).Rejection!;
        Assert.That(rejection.Message, Is.EqualTo($"Failed to process allocation {Id}: Cannot backfill an allocation for node {available.Uuid}: " +
            "Node must be in the \"active\" state, but the current state is \"available\"; Resource class gold does not match the requested resource class silver."));
        var deployed = available with { ProvisionState = "active" };
        Assert.That(AllocationDecisions.Backfill(deployed, Request(), Now).Events.Single(), Is.InstanceOf<AllocationReserved>());
    }
}
