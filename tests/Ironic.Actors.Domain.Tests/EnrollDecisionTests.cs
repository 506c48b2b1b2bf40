using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.Enroll"/>: POST /v1/nodes.</summary>
public class EnrollDecisionTests
{
    private FakeInterfaceResolver _resolver = null!;

    [SetUp]
    public void NewResolver() => _resolver = new FakeInterfaceResolver();

    private Decision Enroll(JsonObject body, string initial = ProvisionStates.Enroll, Node? existing = null) =>
        NodeDecisions.Enroll(existing, Uuid, body, initial, _resolver, Ctx());

    private Node Enrolled(JsonObject body, string initial = ProvisionStates.Enroll)
    {
        var e = Enroll(body, initial).Single<NodeEnrolled>();
        Assert.That(e.NodeId, Is.EqualTo(Uuid));
        Assert.That(e.At, Is.EqualTo(Ctx().Now));
        return ((Node?)null).Apply(e)!;
    }

    [Test]
    public void Minimal_body_gets_ironics_defaults()
    {
        var node = Enrolled(new JsonObject { ["driver"] = "fake-hardware" });
        Assert.Multiple(() =>
        {
            Assert.That(node.Uuid, Is.EqualTo(Uuid));
            Assert.That(node.Driver, Is.EqualTo("fake-hardware"));
            Assert.That(node.ProvisionState, Is.EqualTo("enroll"));
            Assert.That(node.TargetProvisionState, Is.Null);
            Assert.That(node.PowerState, Is.Null);
            Assert.That(node.TargetPowerState, Is.Null);
            Assert.That(node.ConductorGroup, Is.EqualTo(""));
            Assert.That(node.Name, Is.Null);
            Assert.That(node.DriverInfo, Is.Empty);
            Assert.That(node.Properties, Is.Empty);
            Assert.That(node.InstanceInfo, Is.Empty);
            Assert.That(node.Extra, Is.Empty);
            Assert.That(node.NetworkData, Is.Empty);
            Assert.That(node.DriverInternalInfo, Is.Empty);
            Assert.That(node.Traits, Is.Empty);
            Assert.That(node.InstanceUuid, Is.Null);
            Assert.That(node.Maintenance, Is.False);
            Assert.That(node.Protected, Is.False);
            Assert.That(node.Retired, Is.False);
            Assert.That(node.ConsoleEnabled, Is.False);
            Assert.That(node.AutomatedClean, Is.Null);
            Assert.That(node.ResourceClass, Is.Null);
            Assert.That(node.LastError, Is.Null);
            Assert.That(node.CreatedAt, Is.EqualTo(Ctx().Now));
            Assert.That(node.Interfaces, Is.EqualTo(FakeInterfaceResolver.Defaults));
        });
        Assert.That(_resolver.LastRequested!.Values, Is.All.Null, "nothing requested explicitly");
    }

    [Test]
    public void Initial_state_is_the_one_given_for_old_microversions()
    {
        Assert.That(Enrolled(new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Available).ProvisionState, Is.EqualTo("available"));
    }

    [Test]
    public void Explicit_fields_are_taken()
    {
        var chassis = Guid.NewGuid();
        var node = Enrolled(new JsonObject
        {
            ["driver"] = "fake-hardware",
            ["name"] = "rack1-node7",
            ["driver_info"] = new JsonObject { ["ipmi_address"] = "10.0.0.7" },
            ["properties"] = new JsonObject { ["cpus"] = 8 },
            ["extra"] = new JsonObject { ["k"] = "v" },
            ["instance_uuid"] = InstanceA.ToString().ToUpperInvariant(),
            ["chassis_uuid"] = chassis.ToString(),
            ["conductor_group"] = "Rack-1",
            ["resource_class"] = "baremetal",
            ["description"] = "a node",
            ["owner"] = "proj",
            ["automated_clean"] = false,
            ["maintenance"] = true,
            ["power_interface"] = "noop",
        });
        Assert.Multiple(() =>
        {
            Assert.That(node.Name, Is.EqualTo("rack1-node7"));
            Assert.That(node.DriverInfo["ipmi_address"]!.GetValue<string>(), Is.EqualTo("10.0.0.7"));
            Assert.That(node.Properties["cpus"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(node.Extra["k"]!.GetValue<string>(), Is.EqualTo("v"));
            Assert.That(node.InstanceUuid, Is.EqualTo(InstanceA.ToString()));
            Assert.That(node.ChassisUuid, Is.EqualTo(chassis.ToString()));
            Assert.That(node.ConductorGroup, Is.EqualTo("rack-1"));
            Assert.That(node.ResourceClass, Is.EqualTo("baremetal"));
            Assert.That(node.Description, Is.EqualTo("a node"));
            Assert.That(node.Owner, Is.EqualTo("proj"));
            Assert.That(node.AutomatedClean, Is.False);
            Assert.That(node.Maintenance, Is.True);
            Assert.That(node.Interfaces.Power, Is.EqualTo("noop"));
            Assert.That(node.Interfaces.Boot, Is.EqualTo("fake"));
            Assert.That(_resolver.LastRequested!["power"], Is.EqualTo("noop"));
        });
    }

    [Test]
    public void Body_objects_are_copied()
    {
        var extra = new JsonObject { ["k"] = "v" };
        var node = Enrolled(new JsonObject { ["driver"] = "fake-hardware", ["extra"] = extra });
        extra["k"] = "changed";
        Assert.That(node.Extra["k"]!.GetValue<string>(), Is.EqualTo("v"));
    }

    [Test]
    public void Duplicate_uuid_is_409()
    {
        var message = Enroll(new JsonObject { ["driver"] = "fake-hardware" }, existing: InState("enroll")).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"A node with UUID {Uuid} already exists."));
    }

    [Test]
    public void A_create_whose_uuid_was_generated_for_it_finds_its_own_node_done()
    {
        // Sent again after a conductor stored the node and died before answering: the node is the answer, nothing new stored.
        var existing = InState("enroll");
        var decision = NodeDecisions.Enroll(existing, Uuid, new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Enroll, _resolver, Ctx(),
            uuidGenerated: true);
        Assert.That(decision.Rejection, Is.Null);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
    }

    [Test]
    public void Unknown_driver_is_400_no_valid_host()
    {
        var message = Enroll(new JsonObject { ["driver"] = "ipmi" }).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "No valid host was found. Reason: No conductor service registered which supports driver ipmi for conductor group \"\"."));
    }

    [Test]
    public void No_valid_host_names_the_lowercased_conductor_group()
    {
        var message = Enroll(new JsonObject { ["driver"] = "ipmi", ["conductor_group"] = "RackB" }).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "No valid host was found. Reason: No conductor service registered which supports driver ipmi for conductor group \"rackb\"."));
    }

    [Test]
    public void Bad_interface_is_400_with_the_resolver_message()
    {
        var message = Enroll(new JsonObject { ["driver"] = "fake-hardware", ["deploy_interface"] = "direct" }).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(FakeInterfaceResolver.NotFound("deploy", "direct")));
    }

    [Test]
    public void Missing_driver_is_400()
    {
        var message = Enroll(new JsonObject { ["name"] = "x" }).Rejected(RejectionKind.Invalid);
        const string required = "Schema error for node: 'driver' is a required property";
        Assert.That(message, Is.EqualTo(required));
        Assert.That(Enroll(new JsonObject { ["driver"] = "" }).Rejected(RejectionKind.Invalid), Is.EqualTo(required));
        Assert.That(Enroll(new JsonObject { ["driver"] = null }).Rejected(RejectionKind.Invalid), Is.EqualTo(required));
    }

    [TestCase("driver", "5", "Schema error for node: 5 is not of type 'string'")]
    [TestCase("extra", "\"x\"", "Schema error for node: 'x' is not of type 'object', 'null'")]
    [TestCase("properties", "[]", "Schema error for node: [] is not of type 'object', 'null'")]
    [TestCase("maintenance", "\"maybe\"", "Invalid maintenance: Unrecognized value 'maybe', acceptable values are: " +
                                           "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")]
    [TestCase("name", "true", "Schema error for node: True is not of type 'string', 'null'")]
    [TestCase("boot_interface", "{}", "Schema error for node: {} is not of type 'string', 'null'")]
    public void Wrong_types_are_400(string field, string json, string expected)
    {
        var body = new JsonObject { ["driver"] = "fake-hardware" };
        body[field] = JsonNode.Parse(json);
        var message = Enroll(body).Rejected(RejectionKind.Invalid);
        // Ironic's words: its jsonschema check (Python reprs), or args.boolean (oslo's strict bool_from_string).
        Assert.That(message, Is.EqualTo(expected));
    }

    [TestCase("detail", "The word \"detail\" is reserved and can not be used as a node name. " +
                        "Reserved words are: maintenance, management, states, vendor_passthru, detail, validate.")]
    [TestCase("has space", "Cannot create node with invalid name 'has space'")]
    [TestCase("235a04b7-48cd-434e-b03e-f731e64998f7", "Cannot create node with invalid name '235a04b7-48cd-434e-b03e-f731e64998f7'")]
    public void Invalid_names_are_400(string name, string expected)
    {
        Assert.That(Enroll(new JsonObject { ["driver"] = "fake-hardware", ["name"] = name }).Rejected(RejectionKind.Invalid),
            Is.EqualTo(expected));
    }

    [Test]
    public void Invalid_instance_uuid_is_400()
    {
        Assert.That(Enroll(new JsonObject { ["driver"] = "fake-hardware", ["instance_uuid"] = "nope" }).Rejected(RejectionKind.Invalid),
            Is.EqualTo("Expected UUID for instance_uuid: nope"));
    }

    [Test]
    public void A_retired_reason_may_be_given_at_enrollment_with_or_without_retired()
    {
        // Ironic 21.4 checks "retired_reason only when retired" on updates only: a create keeps the reason either way.
        var kept = Enrolled(new JsonObject { ["driver"] = "fake-hardware", ["retired_reason"] = "eol" });
        Assert.That((kept.Retired, kept.RetiredReason), Is.EqualTo((false, "eol")));
        var node = Enrolled(new JsonObject { ["driver"] = "fake-hardware", ["retired"] = true, ["retired_reason"] = "eol" });
        Assert.That((node.Retired, node.RetiredReason), Is.EqualTo((true, "eol")));
    }

    [Test]
    public void A_new_node_is_not_retired_even_when_created_with_retired_null()
    {
        // Ironic 21.4 shows false for both (Reference/retired-ironic-21.4.txt in the Gateway tests).
        Assert.That(Enrolled(new JsonObject { ["driver"] = "fake-hardware" }).Retired, Is.False);
        Assert.That(Enrolled(new JsonObject { ["driver"] = "fake-hardware", ["retired"] = null }).Retired, Is.False);
    }

    [Test]
    public void Patchable_fields_are_the_spec_list()
    {
        string[] expected =
        [
            "automated_clean", "chassis_uuid", "conductor_group", "description", "driver", "driver_info", "extra",
            "instance_info", "instance_uuid", "lessee", "maintenance", "name", "network_data", "owner", "properties",
            "protected", "protected_reason", "resource_class", "retired", "retired_reason", "shard",
            "bios_interface", "boot_interface", "console_interface", "deploy_interface", "inspect_interface",
            "management_interface", "network_interface", "power_interface", "raid_interface", "rescue_interface",
            "storage_interface", "vendor_interface",
        ];
        Assert.That(NodeDocument.PatchableFields, Is.EquivalentTo(expected));
    }

    [Test]
    public void Creatable_fields_are_the_spec_list()
    {
        string[] expected =
        [
            "uuid", "name", "driver", "driver_info", "properties", "instance_info", "instance_uuid", "chassis_uuid",
            "extra", "resource_class", "conductor_group", "description", "owner", "lessee", "automated_clean",
            "maintenance", "console_enabled", "retired", "retired_reason", "network_data", "shard", "boot_mode",
            "secure_boot",
            "bios_interface", "boot_interface", "console_interface", "deploy_interface", "inspect_interface",
            "management_interface", "network_interface", "power_interface", "raid_interface", "rescue_interface",
            "storage_interface", "vendor_interface",
        ];
        Assert.That(NodeDocument.CreatableFields, Is.EquivalentTo(expected));
    }

    [Test]
    public void Document_round_trip_is_lossless_for_writable_fields()
    {
        var node = InState("manageable") with
        {
            Extra = new JsonObject { ["a"] = 1 }, Description = "d", Owner = "o", ConductorGroup = "g",
            Protected = false, Retired = true, RetiredReason = "r", AutomatedClean = true, Shard = "s",
        };
        var doc = NodeDocument.ToDocument(node);
        Assert.That(doc.Select(kv => kv.Key), Is.EquivalentTo(NodeDocument.PatchableFields));
        var (read, error) = NodeDocument.Read(doc, node);
        Assert.That(error, Is.Null);
        Assert.That(read, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(read!.Extra.ToJsonString(), Is.EqualTo(node.Extra.ToJsonString()));
            Assert.That((read.Description, read.Owner, read.ConductorGroup, read.Shard), Is.EqualTo(("d", "o", "g", "s")));
            Assert.That((read.Retired, read.RetiredReason, read.AutomatedClean), Is.EqualTo((true, "r", (bool?)true)));
            Assert.That(read.Interfaces, Is.EqualTo(node.Interfaces));
        });
        doc["extra"]!["a"] = 2;
        Assert.That(node.Extra["a"]!.GetValue<int>(), Is.EqualTo(1), "ToDocument copies");
    }
}
