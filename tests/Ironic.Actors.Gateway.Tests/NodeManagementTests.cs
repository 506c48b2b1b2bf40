using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// A node's driver-backed sub-resources against the real server: /validate, /management/boot_device[/supported],
/// /vendor_passthru[/methods], and what provisioning requests keep in instance_info (config drive, rescue
/// password, both shown masked), plus soft power actions.
/// </summary>
[TestFixture]
public sealed class NodeManagementTests : ServerFixture
{
    private static readonly string[] ValidatedInterfaces =
        ["bios", "boot", "console", "deploy", "inspect", "management", "network", "power", "raid", "rescue", "storage"];

    private const string AllValid = """
        {"bios": {"result": true}, "boot": {"result": true}, "console": {"result": true}, "deploy": {"result": true}, "inspect": {"result": true}, "management": {"result": true}, "network": {"result": true}, "power": {"result": true}, "raid": {"result": true}, "rescue": {"result": true}, "storage": {"result": true}}
        """;

    private const string FakeVendorMethods = """
        {"fourth_method_shared_lock": {"http_methods": ["POST"], "async": true, "description": "Test if the value of bar is woof", "attach": false, "require_exclusive_lock": false}, "second_method": {"http_methods": ["POST"], "async": true, "description": "Test if the value of bar is kazoo", "attach": false, "require_exclusive_lock": true}, "third_method_sync": {"http_methods": ["POST"], "async": false, "description": "Test if the value of bar is meow", "attach": false, "require_exclusive_lock": true}}
        """;

    // ---- validate ----

    [Test]
    public async Task Validate_reports_every_interface_but_vendor_as_valid_for_a_fake_node()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("validate"));

        var response = await Api.GetAsync($"/v1/nodes/{uuid}/validate");

        Expect.Status(response, 200);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.RequestId(response);
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Expect.KeyOrder(response.Object, ValidatedInterfaces, "validate");
            Assert.That(response.Body, Is.EqualTo(AllValid.Trim()));
        }
    }

    [Test]
    public async Task Validate_gives_the_reason_of_each_failing_interface()
    {
        var name = NodeSteps.UniqueName("validate-no");
        await Api.CreateNodeAsync(new JsonObject
        {
            ["driver"] = "fake-hardware", ["name"] = name, ["bios_interface"] = "no-bios", ["rescue_interface"] = "no-rescue",
            ["instance_info"] = new JsonObject { ["traits"] = new JsonArray("CUSTOM_GPU") },
        });

        var response = await Api.GetAsync($"/v1/nodes/{name}/validate");

        Expect.Status(response, 200);
        var result = response.Object;
        using (Assert.EnterMultipleScope())
        {
            Expect.JsonEqual(result["bios"], JsonNode.Parse(
                """{"result": false, "reason": "Driver fake-hardware does not support bios (disabled or not implemented)."}"""), "bios");
            Expect.JsonEqual(result["rescue"], JsonNode.Parse(
                """{"result": false, "reason": "Driver fake-hardware does not support rescue (disabled or not implemented)."}"""), "rescue");
            Expect.JsonEqual(result["deploy"], JsonNode.Parse(
                """{"result": false, "reason": "Cannot specify instance traits that are not also node traits. Missing traits: CUSTOM_GPU"}"""),
                "deploy checks the instance's traits");
            Expect.JsonEqual(result["power"], JsonNode.Parse("""{"result": true}"""), "power");
        }

        // With the trait on the node, deploy validates.
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{name}/traits/CUSTOM_GPU", null), 204);
        var again = await Api.GetAsync($"/v1/nodes/{name}/validate");
        Expect.JsonEqual(again.Object["deploy"], JsonNode.Parse("""{"result": true}"""), "deploy after adding the trait");
    }

    [Test]
    public async Task Validate_by_the_legacy_query_spellings()
    {
        var name = NodeSteps.UniqueName("validate-legacy");
        var uuid = await Api.CreateFakeNodeAsync(name);

        var byName = await Api.GetAsync($"/v1/nodes/validate?node={name}");
        var byUuid = await Api.GetAsync($"/v1/nodes/validate?node_uuid={uuid}");

        Expect.Status(byName, 200);
        Expect.Status(byUuid, 200);
        Assert.That(byName.Body, Is.EqualTo(AllValid.Trim()));
        Assert.That(byUuid.Body, Is.EqualTo(AllValid.Trim()));
        Expect.Error(await Api.GetAsync("/v1/nodes/validate"), 400, "Expected a logical name or UUID but received None.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/validate?node={name}", "1.4"), 406, "Request not acceptable.");
    }

    [Test]
    public async Task Validate_of_an_unknown_node_is_404()
    {
        var missing = Guid.NewGuid().ToString();
        Expect.Error(await Api.GetAsync($"/v1/nodes/{missing}/validate"), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.GetAsync("/v1/nodes/no-such-node/validate"), 404, "Node no-such-node could not be found.");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{missing}/validate", new JsonObject()), 405, "The method POST is not allowed for this resource.");
    }

    // ---- boot device ----

    [Test]
    public async Task Boot_device_of_a_fake_node_is_pxe_not_persistent()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("boot-get"));

        var response = await Api.GetAsync($"/v1/nodes/{uuid}/management/boot_device");

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.78");
        Assert.That(response.Body, Is.EqualTo("""{"boot_device": "pxe", "persistent": false}"""));
        Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Supported_boot_devices_of_a_fake_node()
    {
        var name = NodeSteps.UniqueName("boot-supported");
        await Api.CreateFakeNodeAsync(name);

        var response = await Api.GetAsync($"/v1/nodes/{name}/management/boot_device/supported");

        Expect.Status(response, 200);
        Assert.That(response.Body, Is.EqualTo("""{"supported_boot_devices": ["pxe"]}"""));
    }

    [TestCase("""{"boot_device": "pxe", "persistent": true}""")]
    [TestCase("""{"boot_device": "pxe", "persistent": false}""")]
    [TestCase("""{"boot_device": "pxe"}""")]
    [TestCase("""{"boot_device": "pxe", "persistent": "true"}""")]
    public async Task Setting_a_supported_boot_device_answers_204_when_done(string body)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("boot-set"));

        var response = await Api.PutAsync($"/v1/nodes/{uuid}/management/boot_device", body);

        Expect.Empty(response, 204);
        Expect.VersionHeaders(response, "1.78");
        Assert.That(response.Location, Is.Null);
        Assert.That((await Api.GetNodeAsync(uuid))["reservation"], Is.Null, "the lock is released once the call is done");
    }

    [TestCase("""{"boot_device": "disk"}""", "Invalid boot device disk specified.")]
    [TestCase("""{"boot_device": "cdrom", "persistent": true}""", "Invalid boot device cdrom specified.")]
    // Ironic 21.4's args.validate wording (compared with the reference server).
    [TestCase("{}", "Missing mandatory parameter: boot_device")]
    [TestCase("""{"persistent": true}""", "Missing mandatory parameter: boot_device")]
    [TestCase("""{"boot_device": "pxe", "bogus": 1}""", "Unexpected arguments: bogus")]
    [TestCase("""{"boot_device": 5}""", "Expected string for boot_device: 5")]
    [TestCase("""{"boot_device": "pxe", "persistent": "maybe"}""",
        "Invalid persistent: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")]
    [TestCase("""{"boot_device": "pxe", "persistent": {}}""",
        "Invalid persistent: Unrecognized value '{}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")]
    [TestCase("""["pxe"]""", "The request body must be a JSON object.")]
    public async Task A_bad_boot_device_request_is_400(string body, string message)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("boot-bad"));
        var before = (await Api.GetAsync($"/v1/nodes/{uuid}")).Body;

        var response = await Api.PutAsync($"/v1/nodes/{uuid}/management/boot_device", body);

        Expect.Error(response, 400, message);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}")).Body, Is.EqualTo(before), "node changed after a rejected request");
    }

    [Test]
    public async Task Boot_device_of_an_unknown_node_is_404_and_other_methods_405()
    {
        var missing = Guid.NewGuid().ToString();
        Expect.Error(await Api.GetAsync($"/v1/nodes/{missing}/management/boot_device"), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{missing}/management/boot_device", """{"boot_device": "pxe"}"""), 404,
            $"Node {missing} could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{missing}/management/boot_device/supported"), 404, $"Node {missing} could not be found.");
        var post = await Api.PostAsync($"/v1/nodes/{missing}/management/boot_device", new JsonObject());
        Expect.Error(post, 405, "The method POST is not allowed for this resource.");
        Assert.That(post.Header("Allow"), Is.EqualTo("GET, PUT"));
    }

    // ---- vendor passthru ----

    [Test]
    public async Task Vendor_methods_of_the_fake_vendor_interface()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vendor-methods"));

        var response = await Api.GetAsync($"/v1/nodes/{uuid}/vendor_passthru/methods");

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.78");
        Assert.That(response.Body, Is.EqualTo(FakeVendorMethods.Trim()));
    }

    [TestCase("meow", "true")]
    [TestCase("woof", "false")]
    public async Task A_synchronous_method_answers_200_with_its_value(string bar, string expected)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vendor-sync"));

        var byQuery = await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=third_method_sync", new JsonObject { ["bar"] = bar });
        var byPath = await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru/third_method_sync", new JsonObject { ["bar"] = bar });

        foreach (var response in new[] { byQuery, byPath })
        {
            Expect.Status(response, 200);
            Assert.That(response.Body, Is.EqualTo(expected), response.ToString);
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Expect.VersionHeaders(response, "1.78");
        }
        Assert.That((await Api.GetNodeAsync(uuid))["reservation"], Is.Null, "the lock is released once the call is done");
    }

    [TestCase("second_method", "kazoo")]
    [TestCase("fourth_method_shared_lock", "woof")]
    public async Task An_asynchronous_method_answers_202_with_no_body(string method, string bar)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vendor-async"));

        var response = await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method={method}", new JsonObject { ["bar"] = bar });

        Expect.Empty(response, 202);
        Expect.VersionHeaders(response, "1.78");
        await Api.WaitForNodeAsync(uuid, n => n["reservation"] is null, "the asynchronous call to end");
    }

    [TestCase("GET", "second_method", "The method second_method does not support HTTP GET")]
    [TestCase("PUT", "third_method_sync", "The method third_method_sync does not support HTTP PUT")]
    [TestCase("DELETE", "second_method", "The method second_method does not support HTTP DELETE")]
    [TestCase("POST", "no_such_method", "No handler for method no_such_method")]
    [TestCase("POST", "methods", "No handler for method methods")]
    public async Task Unknown_method_or_wrong_HTTP_method_is_400(string httpMethod, string method, string message)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vendor-bad"));
        var body = httpMethod is "GET" or "DELETE" ? null : new JsonObject { ["bar"] = "x" };

        var byQuery = await Api.SendAsync(new HttpMethod(httpMethod), $"/v1/nodes/{uuid}/vendor_passthru?method={method}", body);
        var byPath = await Api.SendAsync(new HttpMethod(httpMethod), $"/v1/nodes/{uuid}/vendor_passthru/{method}", body);

        Expect.Error(byQuery, 400, message);
        if (!(method == "methods" && httpMethod == "GET"))
            Expect.Error(byPath, 400, message);
    }

    [Test]
    public async Task Missing_arguments_and_missing_method_are_400()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vendor-args"));
        Expect.Error(await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=third_method_sync", new JsonObject()), 400,
            "Parameter 'bar' not passed to method 'third_method_sync'.");
        Expect.Error(await Api.SendAsync(HttpMethod.Post, $"/v1/nodes/{uuid}/vendor_passthru?method=second_method", null), 400,
            "Parameter 'bar' not passed to method 'second_method'.");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru", new JsonObject { ["bar"] = "x" }), 400, "Method not specified");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=", new JsonObject { ["bar"] = "x" }), 400, "Method not specified");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{uuid}/vendor_passthru?method=second_method", "{not json"), 400);
    }

    [Test]
    public async Task A_node_without_vendor_methods()
    {
        var name = NodeSteps.UniqueName("vendor-none");
        await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = name, ["vendor_interface"] = "no-vendor" });

        var methods = await Api.GetAsync($"/v1/nodes/{name}/vendor_passthru/methods");
        Expect.Status(methods, 200);
        Assert.That(methods.Body, Is.EqualTo("{}"));
        Expect.Error(await Api.PostAsync($"/v1/nodes/{name}/vendor_passthru?method=second_method", new JsonObject { ["bar"] = "kazoo" }),
            400, "No handler for method second_method");
    }

    [Test]
    public async Task Vendor_passthru_of_an_unknown_node_is_404()
    {
        var missing = Guid.NewGuid().ToString();
        Expect.Error(await Api.GetAsync($"/v1/nodes/{missing}/vendor_passthru/methods"), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{missing}/vendor_passthru?method=second_method", new JsonObject { ["bar"] = "kazoo" }),
            404, $"Node {missing} could not be found.");
    }

    // ---- what provisioning keeps in instance_info ----

    [Test]
    public async Task Deploy_stores_the_config_drive_masked_and_undeploy_clears_it()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("configdrive"));
        await Api.MoveFromEnrollAsync(uuid, "available");

        var deploy = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision",
            new JsonObject { ["target"] = "active", ["configdrive"] = "H4sICDw4dmYAA2NvbmZpZy1kcml2ZQ==" });
        Expect.Empty(deploy, 202);
        var active = await Api.WaitForProvisionStateAsync(uuid, "active");
        Expect.JsonEqual(active["instance_info"], JsonNode.Parse("""{"configdrive": "******"}"""), "instance_info after deploy");

        var rebuild = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision",
            new JsonObject { ["target"] = "rebuild", ["configdrive"] = new JsonObject { ["user_data"] = "#cloud-config" } });
        Expect.Empty(rebuild, 202);
        var rebuilt = await Api.WaitForProvisionStateAsync(uuid, "active");
        Expect.JsonEqual(rebuilt["instance_info"], JsonNode.Parse("""{"configdrive": "******"}"""), "instance_info after rebuild");

        await Api.ProvisionAsync(uuid, "deleted");
        var available = await Api.WaitForProvisionStateAsync(uuid, "available");
        Expect.JsonEqual(available["instance_info"], JsonNode.Parse("{}"), "instance_info after undeploy");
    }

    [Test]
    public async Task Deploying_with_instance_traits_the_node_lacks_is_400()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("deploy-traits"));
        await Api.MoveFromEnrollAsync(uuid, "available");
        var patch = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/instance_info/traits", ["value"] = new JsonArray("CUSTOM_GPU") }));
        Expect.Status(patch, 200);

        var refused = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "active" });
        Expect.Error(refused, 400, $"Failed to validate deploy or power info for node {uuid}. Error: " +
                                   "Cannot specify instance traits that are not also node traits. Missing traits: CUSTOM_GPU");
        Assert.That(Expect.Str(await Api.GetNodeAsync(uuid), "provision_state"), Is.EqualTo("available"));

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_GPU", null), 204);
        await Api.ProvisionAsync(uuid, "active");
        await Api.WaitForProvisionStateAsync(uuid, "active");
    }

    [Test]
    public async Task Rescue_keeps_the_password_masked_and_unrescue_removes_it()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("rescue"));
        await Api.MoveFromEnrollAsync(uuid, "active");

        var rescue = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision",
            new JsonObject { ["target"] = "rescue", ["rescue_password"] = "s3cr3t" });
        Expect.Empty(rescue, 202);
        var rescued = await Api.WaitForProvisionStateAsync(uuid, "rescue");
        Expect.JsonEqual(rescued["instance_info"], JsonNode.Parse("""{"rescue_password": "******"}"""), "instance_info in rescue");
        var list = await Api.GetAsync("/v1/nodes/detail");
        Assert.That(list.Body, Does.Not.Contain("s3cr3t"), "the password never leaves the server");

        await Api.ProvisionAsync(uuid, "unrescue");
        var active = await Api.WaitForProvisionStateAsync(uuid, "active");
        Expect.JsonEqual(active["instance_info"], JsonNode.Parse("{}"), "instance_info after unrescue");
    }

    // ---- soft power ----

    [Test]
    public async Task Soft_power_off_and_soft_reboot_with_a_timeout_work_from_1_27()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("soft-power"));
        await Api.MoveFromEnrollAsync(uuid, "manageable");
        await Api.PowerAsync(uuid, "power on");
        await Api.WaitForPowerStateAsync(uuid, "power on");

        var off = await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "soft power off", ["timeout"] = 30 }, "1.27");
        Expect.Empty(off, 202);
        Expect.Location(off, BaseUrl, $"/v1/nodes/{uuid}/states");
        await Api.WaitForPowerStateAsync(uuid, "power off");

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "soft rebooting" }), 202);
        var node = await Api.WaitForPowerStateAsync(uuid, "power on");
        Assert.That(node["last_error"], Is.Null);

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "soft rebooting", ["timeout"] = 5 }), 202);
        await Api.WaitForPowerStateAsync(uuid, "power on");
    }

    [TestCase("""{"target": "soft power off"}""")]
    [TestCase("""{"target": "soft rebooting"}""")]
    [TestCase("""{"target": "power on", "timeout": 10}""")]
    public async Task Soft_power_and_timeouts_are_406_below_1_27(string body)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("soft-old"));
        var response = await Api.PutAsync($"/v1/nodes/{uuid}/states/power", body, "1.26");
        Expect.Error(response, 406, "Request not acceptable.");
        Assert.That((await Api.GetNodeAsync(uuid))["target_power_state"], Is.Null);
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task A_timeout_below_one_second_is_400(int timeout)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("soft-timeout"));
        var response = await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "soft power off", ["timeout"] = timeout });
        Expect.Error(response, 400, "timeout has to be positive integer");
    }
}
