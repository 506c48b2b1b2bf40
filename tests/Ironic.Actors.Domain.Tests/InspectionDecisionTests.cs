using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>What a finished synchronous inspection records: merged properties, new ports, the inventory, then manageable.</summary>
public class InspectionDecisionTests
{
    private static readonly Guid PortA = Guid.Parse("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");

    [Test]
    public void Findings_merge_into_properties_add_the_granted_ports_and_store_the_inventory()
    {
        var node = InState(ProvisionStates.Inspecting) with { Properties = new JsonObject { ["vendor"] = "acme", ["cpus"] = 2 } };
        var found = new InspectionFindings(new JsonObject { ["cpus"] = 16, ["memory_mb"] = "4096" }, ["52:54:00:00:00:01"],
            new JsonObject { ["cpu"] = new JsonObject { ["count"] = 16 } });

        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Inspect), WorkOutcome.Ok() with { Inspection = found }, Ctx(),
            [(PortA, "52:54:00:00:00:01")]);

        using (Assert.EnterMultipleScope())
        {
            var updated = decision.Events.OfType<NodeUpdated>().Single().Node;
            Assert.That(updated.Properties.ToJsonString(), Is.EqualTo("""{"vendor":"acme","cpus":16,"memory_mb":"4096"}"""));
            var port = decision.Events.OfType<PortCreated>().Single().Port;
            Assert.That((port.Uuid, port.Address, port.PxeEnabled, port.NodeId), Is.EqualTo((PortA, "52:54:00:00:00:01", true, node.Uuid)));
            Assert.That(decision.Events.OfType<NodeInventoryStored>().Single().Inventory["cpu"]!["count"]!.GetValue<int>(), Is.EqualTo(16));
            Assert.That(decision.Events.OfType<ProvisionStateChanged>().Single().To, Is.EqualTo(ProvisionStates.Manageable));
            Assert.That(node.Fold(decision).Properties["memory_mb"]!.GetValue<string>(), Is.EqualTo("4096"));
        }
    }

    [Test]
    public void Unchanged_properties_are_not_written_again()
    {
        var node = InState(ProvisionStates.Inspecting) with { Properties = new JsonObject { ["cpus"] = 16 } };
        var found = new InspectionFindings(new JsonObject { ["cpus"] = 16 }, [], null);

        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Inspect), WorkOutcome.Ok() with { Inspection = found }, Ctx());

        Assert.That(decision.Events.Select(e => e.GetType()), Is.EqualTo(new[] { typeof(ProvisionStateChanged) }));
    }

    [Test]
    public void Only_valid_macs_the_node_has_no_port_for_need_ports()
    {
        var parts = NodePorts.Empty.Apply(new PortCreated(new Port
        {
            Uuid = PortA, NodeId = Uuid, Address = "52:54:00:00:00:01", CreatedAt = Created,
        }));

        var macs = NodeDecisions.MacsNeedingPorts(parts, ["52:54:00:00:00:01", "52:54:00:00:00:0A", "52:54:00:00:00:0a", "not-a-mac"]);

        Assert.That(macs, Is.EqualTo(new[] { "52:54:00:00:00:0a" }));
    }

    [Test]
    public void The_inventory_replaces_an_earlier_one_and_goes_with_the_node()
    {
        var first = new NodeInventoryStored(Uuid, new JsonObject { ["n"] = 1 }, new JsonObject(), Created);
        var second = new NodeInventoryStored(Uuid, new JsonObject { ["n"] = 2 }, new JsonObject(), Created.AddMinutes(1));

        var parts = NodePorts.Empty.Apply(first).Apply(second);
        Assert.That(parts.Inventory!.Inventory["n"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(parts.Apply(new NodeDeleted(Uuid, Created)).Inventory, Is.Null);
    }
}
