using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Versioning;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

public class NodeBodiesTests
{
    private static readonly ApiVersion V178 = new(1, 78);
    private static readonly Guid NewId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static JsonNode? J(string json) => JsonNode.Parse(json);

    private static BodyRead P(string json) => new(J(json), false, null);

    [Test]
    public void Create_generates_a_uuid_and_starts_in_enroll_from_1_11()
    {
        var (creation, error) = NodeBodies.ParseCreate(J("""{"driver": "fake-hardware", "name": "n1"}"""), V178, () => NewId);
        Assert.That(error, Is.Null);
        Assert.That(creation!.NodeId, Is.EqualTo(NewId));
        Assert.That(creation.InitialState, Is.EqualTo("enroll"));
        Assert.That(creation.IdGenerated, Is.True, "a create of a uuid made for it alone: a copy sent again finds its own node");
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x"}"""), new ApiVersion(1, 10), () => NewId).Creation!.InitialState,
            Is.EqualTo("available"));
    }

    [Test]
    public void Create_takes_the_uuid_from_the_body()
    {
        var (creation, _) = NodeBodies.ParseCreate(J("""{"driver": "x", "uuid": "235A04B7-48CD-434E-B03E-F731E64998F7"}"""), V178, () => NewId);
        Assert.That(creation!.NodeId, Is.EqualTo(TestViews.SampleId));
        Assert.That(creation.Body.ContainsKey("uuid"), Is.False);
        Assert.That(creation.IdGenerated, Is.False);
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x", "uuid": "nope"}"""), V178, () => NewId).Error!.Status, Is.EqualTo(400));
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x", "uuid": 7}"""), V178, () => NewId).Error!.Status, Is.EqualTo(400));
    }

    [TestCase("[]", 400)]
    [TestCase("\"x\"", 400)]
    [TestCase("null", 400)]
    [TestCase("""{"driver": "x", "bogus": 1}""", 400)]
    [TestCase("""{"driver": "x", "provision_state": "active"}""", 400)]
    public void Create_refuses_bad_bodies(string body, int status) =>
        Assert.That(NodeBodies.ParseCreate(J(body), V178, () => NewId).Error?.Status, Is.EqualTo(status));

    [Test]
    public void Create_refuses_fields_newer_than_the_version()
    {
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x", "name": "n"}"""), new ApiVersion(1, 4), () => NewId).Error?.Status, Is.EqualTo(406));
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x", "owner": "o"}"""), new ApiVersion(1, 49), () => NewId).Error?.Status, Is.EqualTo(406));
        Assert.That(NodeBodies.ParseCreate(J("""{"driver": "x", "owner": "o"}"""), new ApiVersion(1, 50), () => NewId).Error, Is.Null);
    }

    [Test]
    public void Patch_reads_operations_and_whether_they_carry_a_value()
    {
        var (patch, error) = NodeBodies.ParsePatch(P("""[{"op": "add", "path": "/extra/k", "value": null}, {"op": "remove", "path": "/name"}]"""), V178);
        Assert.That(error, Is.Null);
        var ops = patch!.Operations;
        Assert.That(ops![0].HasValue, Is.True);
        Assert.That(ops[0].Value, Is.Null);
        Assert.That(ops[1].HasValue, Is.False);
    }

    [TestCase("""{"op": "add"}""", 400)]
    [TestCase("""[1]""", 400)]
    [TestCase("""[{"path": "/x"}]""", 400)]
    [TestCase("""[{"op": 1, "path": "/x"}]""", 400)]
    [TestCase("""[{"op": "add", "path": 2}]""", 400)]
    public void Patch_refuses_bad_bodies(string body, int status) =>
        Assert.That(NodeBodies.ParsePatch(P(body), V178).Error?.Status, Is.EqualTo(status));

    // Ironic 21.4's wording (jsonschema through args.patch, then patch_validate_allowed_fields), as the reference server answers.
    [TestCase("""{"op": "replace"}""", "Schema error for patch: {'op': 'replace'} is not of type 'array'")]
    [TestCase("""[{"op": "frobnicate", "path": "/name"}]""", "Schema error for patch: 'frobnicate' is not one of ['add', 'replace', 'remove']")]
    [TestCase("""[{"op": "replace", "path": "/uuid", "value": "x"}]""", "Cannot patch /uuid. Only the following can be updated: automated_clean, " +
        "bios_interface, boot_interface, chassis_uuid, conductor_group, console_interface, deploy_interface, description, driver, driver_info, " +
        "extra, inspect_interface, instance_info, instance_uuid, lessee, maintenance, management_interface, name, network_data, " +
        "network_interface, owner, power_interface, properties, protected, protected_reason, raid_interface, rescue_interface, resource_class, " +
        "retired, retired_reason, shard, storage_interface, vendor_interface")]
    public void Patch_errors_are_worded_like_Ironic(string body, string message) =>
        Assert.That(NodeBodies.ParsePatch(P(body), V178).Error?.Message, Is.EqualTo(message));

    [TestCase("/nosuchfield")]
    [TestCase("/traits")]
    [TestCase("/provision_state")]
    public void Patch_names_only_allowed_root_fields(string path) =>
        Assert.That(NodeBodies.ParsePatch(P($$"""[{"op": "add", "path": "{{path}}", "value": 1}]"""), V178).Error?.Message,
            Does.StartWith($"Cannot patch {path}. Only the following can be updated: automated_clean, "));

    [Test]
    public void Patch_refuses_fields_newer_than_the_version() =>
        Assert.That(NodeBodies.ParsePatch(P("""[{"op": "add", "path": "/owner", "value": "o"}]"""), new ApiVersion(1, 49)).Error?.Status,
            Is.EqualTo(406));

    [Test]
    public void Provision_reads_its_arguments()
    {
        var (command, error) = NodeBodies.ParseProvision(
            J("""{"target": "active", "configdrive": {"user_data": "x"}, "deploy_steps": []}"""), V178);
        Assert.That(error, Is.Null);
        var node = Guid.NewGuid();
        Assert.That(command!(node).NodeId, Is.EqualTo(node));
        var request = command(node).Request;
        Assert.That(request.Target, Is.EqualTo("active"));
        Assert.That(request.ConfigDrive, Is.InstanceOf<JsonObject>());
        Assert.That(request.DeploySteps, Is.Empty);
    }

    [TestCase("""{}""", 400)]
    [TestCase("""{"target": 1}""", 400)]
    [TestCase("""{"target": "clean", "clean_steps": {}}""", 400)]
    [TestCase("""{"target": "active", "configdrive": 5}""", 400)]
    [TestCase("""{"target": "rescue", "rescue_password": 5}""", 400)]
    [TestCase("""{"target": "clean", "disable_ramdisk": "maybe"}""", 400)]
    [TestCase("""{"target": "active", "bogus": 1}""", 400)]
    [TestCase("""[]""", 400)]
    public void Provision_refuses_bad_bodies(string body, int status) =>
        Assert.That(NodeBodies.ParseProvision(J(body), V178).Error?.Status, Is.EqualTo(status));

    [TestCase("""{"target": "manage"}""", 3)]
    [TestCase("""{"target": "deploy"}""", 72)]
    [TestCase("""{"target": "rescue", "rescue_password": "p"}""", 37)]
    [TestCase("""{"target": "active", "deploy_steps": []}""", 68)]
    [TestCase("""{"target": "clean", "clean_steps": [], "disable_ramdisk": true}""", 69)]
    [TestCase("""{"target": "active", "configdrive": {}}""", 55)]
    [TestCase("""{"target": "active", "configdrive": {"vendor_data": {}}}""", 58)]
    [TestCase("""{"target": "rebuild", "configdrive": "x"}""", 34)]
    public void Provision_refuses_what_the_version_does_not_know(string body, int minor)
    {
        Assert.That(NodeBodies.ParseProvision(J(body), new ApiVersion(1, minor)).Error?.Status, Is.EqualTo(406));
        Assert.That(NodeBodies.ParseProvision(J(body), new ApiVersion(1, minor + 1)).Error, Is.Null);
    }

    [Test]
    public void Unknown_verbs_go_to_the_node_which_refuses_them_with_its_state() =>
        Assert.That(NodeBodies.ParseProvision(J("""{"target": "bogus"}"""), V178).Command!(Guid.Empty).Request.Target, Is.EqualTo("bogus"));

    [Test]
    public void Power_reads_target_and_timeout()
    {
        var (target, timeout, error) = NodeBodies.ParsePower(J("""{"target": "soft power off", "timeout": 30}"""), V178);
        Assert.That((target, timeout, error), Is.EqualTo(("soft power off", (int?)30, (ApiError?)null)));
        // args.integer is int(value): a string of digits is a timeout too; other strings are Ironic's error.
        Assert.That(NodeBodies.ParsePower(J("""{"target": "power on", "timeout": "3"}"""), V178).Timeout, Is.EqualTo(3));
        Assert.That(NodeBodies.ParsePower(J("""{"target": "power on", "timeout": "soon"}"""), V178).Error?.Message,
            Is.EqualTo("Expected an integer for timeout: soon"));
        Assert.That(NodeBodies.ParsePower(J("""{"target": "power on", "timeout": 1.5}"""), V178).Error?.Status, Is.EqualTo(400));
        Assert.That(NodeBodies.ParsePower(J("""{}"""), V178).Error?.Status, Is.EqualTo(400));
        Assert.That(NodeBodies.ParsePower(J("""{"target": "soft rebooting"}"""), new ApiVersion(1, 26)).Error?.Status, Is.EqualTo(406));
        Assert.That(NodeBodies.ParsePower(J("""{"target": "power on", "timeout": 5}"""), new ApiVersion(1, 26)).Error?.Status, Is.EqualTo(406));
        Assert.That(NodeBodies.ParsePower(J("""{"target": "power on"}"""), new ApiVersion(1, 1)).Error, Is.Null);
    }

    [Test]
    public void Maintenance_reason_comes_from_the_body_or_the_query()
    {
        Assert.That(NodeBodies.ParseMaintenance(BodyRead.Empty, "q").Reason, Is.EqualTo("q"));
        Assert.That(NodeBodies.ParseMaintenance(new BodyRead(J("""{"reason": "b"}"""), false, null), "q").Reason, Is.EqualTo("b"));
        Assert.That(NodeBodies.ParseMaintenance(new BodyRead(J("""{"reason": 1}"""), false, null), null).Error?.Status, Is.EqualTo(400));
    }

    [Test]
    public void Bodies_that_are_not_json_are_a_400()
    {
        Assert.That(JsonBody.Parse("{\"a\": "u8.ToArray()).Error?.Status, Is.EqualTo(400));
        Assert.That(JsonBody.Parse("{\"a\": 1, \"a\": 2}"u8.ToArray()).Error?.Status, Is.EqualTo(400));
        Assert.That(JsonBody.Parse([0x22, 0xff, 0x22]).Error?.Status, Is.EqualTo(400));
        Assert.That(JsonBody.Parse(" \r\n"u8.ToArray()).IsEmpty, Is.True);
        Assert.That(JsonBody.Parse("[1]"u8.ToArray()).Node, Is.InstanceOf<JsonArray>());
    }
}
