using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>Microversion negotiation (spec §2): header parsing, defaults, and what older versions hide or refuse.</summary>
[TestFixture]
public sealed class MicroversionTests : ServerFixture
{
    [Test]
    public async Task Unsupported_minor_is_406_with_the_supported_range()
    {
        var response = await Api.GetAsync("/v1/nodes", version: "1.999");

        Expect.Status(response, 406);
        Expect.VersionHeaders(response, effective: null);
        var error = response.Error;
        Assert.That(error, Is.Not.Null, () => $"Expected an error_message body.{Environment.NewLine}{response}");
        Assert.That(error!.Message, Is.EqualTo(
                $"Version 1.999 was requested but the minor version is not supported by this service. The supported version range is: [1.1, {Expect.MaxVersion}]."),
            response.ToString);
    }

    [TestCase("abc")]
    [TestCase("1")]
    [TestCase("1.2.3")]
    [TestCase("1.x")]
    [TestCase("2.1")]
    [TestCase("1.0")]
    [TestCase("1.83")]
    public async Task Invalid_or_unsupported_version_is_406(string version)
    {
        var response = await Api.GetAsync("/v1/nodes", version);

        Expect.Status(response, 406);
        Expect.VersionHeaders(response, effective: null);
        Assert.That(response.Error, Is.Not.Null, () => $"Expected an error_message body.{Environment.NewLine}{response}");
    }

    [TestCase("latest")]
    [TestCase("LATEST")]
    public async Task Latest_means_the_maximum(string version)
    {
        var response = await Api.GetAsync("/v1/nodes", version);

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, Expect.MaxVersion);
    }

    [Test]
    public async Task Error_responses_carry_the_version_headers()
    {
        var response = await Api.GetAsync("/v1/nodes/00000000-0000-0000-0000-000000000000", version: "1.40");

        Expect.Error(response, 404);
        Expect.VersionHeaders(response, "1.40");
    }

    [Test]
    public async Task Without_header_a_new_node_starts_available_and_shows_the_1_1_fields()
    {
        var created = await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware" }, version: null);

        Expect.Status(created, 201);
        Expect.VersionHeaders(created, "1.1");
        var uuid = Expect.Str(created.Object, "uuid")!;
        var expected = Expect.Sample(Samples.NodeAt11, BaseUrl, uuid);
        expected["properties"] = new JsonObject();
        // Below 1.2 the "available" state is shown as null (Ironic's NOSTATE).
        expected["provision_state"] = null;
        using (Assert.EnterMultipleScope())
        {
            Expect.Location(created, BaseUrl, $"/v1/nodes/{uuid}");
            Expect.KeyOrder(created.Object, Expect.Keys(expected), "POST at 1.1");
            Expect.JsonEqual(Expect.Without(created.Object, "created_at"), Expect.Without(expected, "created_at"), "POST at 1.1");
        }

        var at11 = await Api.GetAsync($"/v1/nodes/{uuid}", version: null);
        Expect.Status(at11, 200);
        Expect.VersionHeaders(at11, "1.1");
        using (Assert.EnterMultipleScope())
        {
            Expect.KeyOrder(at11.Object, Expect.Keys(expected), "GET at 1.1");
            Expect.JsonEqual(Expect.Without(at11.Object, "created_at"), Expect.Without(expected, "created_at"), "GET at 1.1");
        }

        var at178 = await Api.GetNodeAsync(uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(at178, "provision_state"), Is.EqualTo("available"), "a node created below 1.11 starts available");
            Assert.That(at178["target_provision_state"], Is.Null);
            Assert.That(at178["name"], Is.Null);
        }
    }

    [TestCase("1.10", "available")]
    [TestCase("1.11", "enroll")]
    public async Task Initial_provision_state_depends_on_the_request_version(string version, string state)
    {
        var created = await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware" }, version);

        Expect.Status(created, 201);
        var node = await Api.GetNodeAsync(Expect.Str(created.Object, "uuid")!);
        Assert.That(Expect.Str(node, "provision_state"), Is.EqualTo(state));
    }

    [Test]
    public async Task Names_are_identifiers_only_from_1_5()
    {
        var name = NodeSteps.UniqueName("mv-name");
        var uuid = await Api.CreateFakeNodeAsync(name);

        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}", version: null), 404, $"Node {name} could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}", version: "1.4"), 404, $"Node {name} could not be found.");
        var at15 = await Api.GetAsync($"/v1/nodes/{name}", version: "1.5");
        Expect.Status(at15, 200);
        Assert.That(Expect.Str(at15.Object, "uuid"), Is.EqualTo(uuid));
    }

    [Test]
    public async Task Ident_that_is_neither_uuid_nor_name_is_400_from_1_5()
    {
        var response = await Api.GetAsync("/v1/nodes/not%20a%20name!");

        Expect.Error(response, 400);
    }

    [TestCase("1.1", "name")]
    [TestCase("1.50", "description")]
    [TestCase("1.45", "conductor_group")]
    public async Task Creating_with_a_field_newer_than_the_version_is_406(string version, string field)
    {
        var name = NodeSteps.UniqueName("mv-newer");
        var body = new JsonObject { ["driver"] = "fake-hardware", [field] = field == "name" ? name : "x" };
        if (field != "name")
            body["extra"] = new JsonObject { ["marker"] = name };

        var response = await Api.PostAsync("/v1/nodes", body, version);

        Expect.Error(response, 406);
        var (nodes, _) = await Api.ListAsync("/v1/nodes/detail");
        Assert.That(nodes.OfType<JsonObject>().Where(n => n["name"]?.GetValue<string>() == name || n["extra"]?["marker"]?.GetValue<string>() == name),
            Is.Empty, "the rejected create must not leave a node behind");
    }

    [Test]
    public async Task Fields_newer_than_the_version_are_hidden()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("mv-hide"));

        var at130 = await Api.GetNodeAsync(uuid, "1.30");
        var at131 = await Api.GetNodeAsync(uuid, "1.31");
        var at148 = await Api.GetNodeAsync(uuid, "1.48");
        var at149 = await Api.GetNodeAsync(uuid, "1.49");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(at130.ContainsKey("network_interface"), Is.True, "network_interface is 1.20");
            Assert.That(at130.ContainsKey("boot_interface"), Is.False, "boot_interface is 1.31");
            Assert.That(at131.ContainsKey("boot_interface"), Is.True, "boot_interface is 1.31");
            Assert.That(at131.ContainsKey("storage_interface"), Is.False, "storage_interface is 1.33");
            Assert.That(at148.ContainsKey("conductor"), Is.False, "conductor is 1.49");
            Assert.That(at149.ContainsKey("conductor"), Is.True, "conductor is 1.49");
            Assert.That(Expect.Str(at149, "conductor"), Is.EqualTo(Server.ConductorHost), "conductor");
        }
    }

    [Test]
    public async Task Conductors_endpoint_is_404_below_1_49()
    {
        var below = await Api.GetAsync("/v1/conductors", version: "1.48");
        var at = await Api.GetAsync("/v1/conductors", version: "1.49");

        Expect.Status(below, 404);
        Expect.Status(at, 200);
    }

    [Test]
    public async Task Conductors_below_1_49_refuse_unknown_arguments_before_the_version_gate_as_Ironic_does()
    {
        // Reference/conductors-ironic-21.4.txt (tools/reference-ironic/capture-conductors.sh): 400 "Unexpected arguments"
        // for an unknown argument, else 404 below 1.49. The reference's conductor is 127.0.0.1; ours is named otherwise.
        var reference = ReferenceCapture.Load("conductors-ironic-21.4.txt");
        Assert.That(reference.Select(e => e.Status), Does.Contain(400).And.Contain(404));
        foreach (var exchange in reference)
        {
            var response = await Api.GetAsync(exchange.Path.Replace("/127.0.0.1", "/" + Server.ConductorHost, StringComparison.Ordinal), exchange.Version);
            Expect.Error(response, exchange.Status, IronicError.TryParse(exchange.Body)!.Message);
        }
    }

    [TestCase("provision_state=enroll", "1.8")]
    [TestCase("driver=fake-hardware", "1.15")]
    [TestCase("fields=uuid", "1.7")]
    public async Task List_filter_newer_than_the_version_is_406(string query, string version)
    {
        var response = await Api.GetAsync($"/v1/nodes?{query}", version);

        Expect.Error(response, 406);
    }

    [Test]
    public async Task Provision_verb_newer_than_the_version_is_406()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("mv-verb"));
        var before = (await Api.GetAsync($"/v1/nodes/{uuid}")).Body;

        var response = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "manage" }, "1.3");

        Expect.Error(response, 406);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}")).Body, Is.EqualTo(before), "node changed after a rejected request");
    }
}
