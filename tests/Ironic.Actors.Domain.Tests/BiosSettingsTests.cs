using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// A node's cached BIOS settings: <see cref="BiosSettings.Sync"/> (Ironic's <c>sync_node_setting</c>),
/// <see cref="BiosSettings.Parse"/> (what the fake bios reads from apply_configuration), the node's parts folding
/// <see cref="BiosSettingsCached"/>, and work outcomes that carry settings.
/// </summary>
public class BiosSettingsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Test]
    public void Sync_creates_new_settings_updates_changed_ones_keeps_unchanged_ones_and_removes_the_rest()
    {
        IReadOnlyList<BiosSetting> current =
        [
            new("Keep", "1") { CreatedAt = T0, AttributeType = "Integer" },
            new("Change", "old") { CreatedAt = T0 },
            new("Drop", "x") { CreatedAt = T0 },
        ];
        var after = BiosSettings.Sync(current,
            [new BiosSetting("Keep", "1") { AttributeType = "String" }, new BiosSetting("Change", "new") { ReadOnly = true }, new BiosSetting("Add", "a")], T1);

        Assert.That(after.Select(s => s.Name), Is.EqualTo(new[] { "Add", "Change", "Keep" }), "sorted by name; Drop removed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after[0], Is.EqualTo(new BiosSetting("Add", "a") { CreatedAt = T1 }));
            Assert.That(after[1], Is.EqualTo(new BiosSetting("Change", "new") { ReadOnly = true, CreatedAt = T0, UpdatedAt = T1 }),
                "a changed value replaces the registry fields and sets updated_at");
            Assert.That(after[2], Is.SameAs(current[0]), "the same value: left as it was, registry fields too (Ironic compares values only)");
        }
        Assert.That(BiosSettings.Sync(current, [], T1), Is.Empty, "factory reset");
    }

    [Test]
    public void Parse_reads_names_values_and_registry_fields_as_Ironics_string_column_gives_them_back()
    {
        var (settings, error) = BiosSettings.Parse(JsonNode.Parse("""
            [{"name": "A", "value": "On", "attribute_type": "Enumeration", "allowable_values": ["On", "Off"], "read_only": true,
              "reset_required": false, "unique": false, "lower_bound": 1, "upper_bound": 9, "min_length": 0, "max_length": 8},
             {"name": "N", "value": 1}, {"name": "T", "value": true}, {"name": "F", "value": false}, {"name": "Z", "value": null}]
            """));

        Assert.That(error, Is.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings![0], Is.EqualTo(new BiosSetting("A", "On")
            {
                AttributeType = "Enumeration", AllowableValues = settings[0].AllowableValues, ReadOnly = true, ResetRequired = false,
                Unique = false, LowerBound = 1, UpperBound = 9, MinLength = 0, MaxLength = 8,
            }));
            Assert.That(settings[0].AllowableValues, Is.EqualTo(new[] { "On", "Off" }));
            Assert.That(settings.Skip(1).Select(s => s.Value), Is.EqualTo(new[] { "1", "1", "0", null }));
        }
    }

    [TestCase("""[{"value": "x"}]""", "'name'")]
    [TestCase("""[{"name": "x"}]""", "'value'")]
    [TestCase("""["x"]""", "string indices must be integers, not 'str'")]
    [TestCase("""[5]""", "'int' object is not subscriptable")]
    [TestCase("""[null]""", "'NoneType' object is not subscriptable")]
    [TestCase("""{"name": "x", "value": "y"}""", "string indices must be integers, not 'str'")]
    [TestCase("\"LogicalProc=Disabled\"", "string indices must be integers, not 'str'")]
    [TestCase("""7""", "'int' object is not iterable")]
    [TestCase("null", "'settings'")]
    public void Parse_refuses_what_Ironics_fake_fails_on_with_its_Python_error_text(string json, string expected)
    {
        var (settings, error) = BiosSettings.Parse(JsonNode.Parse(json));
        Assert.That(settings, Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void The_node_parts_keep_the_synced_settings_and_lose_them_with_the_node()
    {
        var node = Guid.NewGuid();
        var parts = NodePorts.Empty
            .Apply(new BiosSettingsCached(node, [new BiosSetting("B", "1"), new BiosSetting("A", "2")], T0))
            .Apply(new BiosSettingsCached(node, [new BiosSetting("B", "3")], T1));

        Assert.That(parts.Bios, Is.EqualTo(new[] { new BiosSetting("B", "3") { CreatedAt = T0, UpdatedAt = T1 } }));
        Assert.That(parts.Apply(new NodeDeleted(node, T1)).Bios, Is.Empty);
        Assert.That(NodePorts.From(null, null, bios: parts.Bios).Bios, Is.EqualTo(parts.Bios), "restored from a snapshot");
    }

    [Test]
    public void Settings_a_work_reports_are_cached_also_when_the_work_failed_or_the_node_moved_on()
    {
        var node = InState("cleaning") with { TargetProvisionState = "manageable" };
        IReadOnlyList<BiosSetting> settings = [new("A", "1")];

        var ok = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Ok() with { BiosSettings = settings }, Ctx());
        var failed = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Failed("boom") with { BiosSettings = settings }, Ctx());
        var movedOn = NodeDecisions.CompleteWork(InState("clean failed"), new NodeWork(WorkKind.Clean), WorkOutcome.Ok() with { BiosSettings = settings }, Ctx());
        var none = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Ok(), Ctx());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok.Events.OfType<BiosSettingsCached>().Single().Settings, Is.EqualTo(settings));
            Assert.That(failed.Events.OfType<BiosSettingsCached>().Single().Settings, Is.EqualTo(settings));
            Assert.That(movedOn.Events.Single(), Is.TypeOf<BiosSettingsCached>());
            Assert.That(none.Events.OfType<BiosSettingsCached>(), Is.Empty, "nothing reported: the cache stays");
        }
    }

    [Test]
    public void A_clean_step_failing_on_the_conductor_puts_the_node_in_maintenance_with_the_error_as_reason()
    {
        var node = InState("cleaning") with { TargetProvisionState = "manageable" };
        const string error = "Node x failed step {'interface': 'bios', 'step': 'apply_configuration'}: 'name'";

        var steps = new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "apply_configuration", ["abortable"] = false, ["priority"] = 0 });
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean),
            new WorkOutcome(false, error, ErrorIsFinal: true, InternalInfo: new JsonObject { ["clean_steps"] = steps }) { FailedInStep = true }, Ctx());
        var after = node.Fold(decision);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.ProvisionState, Is.EqualTo("clean failed"));
            Assert.That(after.LastError, Is.EqualTo(error));
            Assert.That(after.Maintenance, Is.True);
            Assert.That(after.MaintenanceReason, Is.EqualTo(error));
            Assert.That(after.Fault, Is.EqualTo("clean failure"));
            Assert.That(JsonNode.DeepEquals(after.DriverInternalInfo["clean_steps"], steps), Is.True, "a failed cleaning keeps its steps, as Ironic's");
        }
        var notInStep = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Failed("boom"), Ctx()));
        Assert.That(notInStep.Maintenance, Is.False, "a failure outside a step (e.g. validation) leaves maintenance alone");
    }
}
