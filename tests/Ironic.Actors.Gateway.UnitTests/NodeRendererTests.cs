using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using NUnit.Framework;
using static Ironic.Actors.Gateway.UnitTests.TestViews;

namespace Ironic.Actors.Gateway.UnitTests;

public class NodeRendererTests
{
    private static readonly ApiVersion V178 = new(1, 78);
    private static readonly ApiVersion V11 = new(1, 1);

    private static string Render(Ironic.Actors.Protocol.Nodes.NodeReplies.NodeView view, ApiVersion version, IReadOnlyList<string>? fields = null) =>
        PyJson.Serialize(NodeRenderer.Render(view, version, BaseUrl, fields));

    [Test]
    public void A_node_at_1_78_is_exactly_the_real_servers() =>
        Assert.That(Render(View(Enrolled(At(11, 277731))), V178), Is.EqualTo(Samples.Node178));

    [Test]
    public void A_created_node_at_1_78_is_exactly_the_real_servers() =>
        Assert.That(Render(View(Enrolled(At(11))), V178), Is.EqualTo(Samples.CreatedNode178));

    [Test]
    public void A_node_at_1_1_has_only_the_old_fields() =>
        Assert.That(Render(View(Enrolled(At(11, 277731))), V11), Is.EqualTo(Samples.Node11));

    [Test]
    public void A_patched_active_node_is_exactly_the_real_servers() =>
        Assert.That(Render(View(Patched(), reservation: "127.0.0.1"), V178), Is.EqualTo(Samples.PatchedNode178));

    [Test]
    public void Fields_are_shown_in_the_order_asked_followed_by_links() =>
        Assert.That(Render(View(Patched()), V178, ["provision_state", "power_state", "target_provision_state"]),
            Is.EqualTo(Samples.Fields178));

    [Test]
    public void States_are_exactly_the_real_servers()
    {
        var node = Enrolled(At(11)) with
        {
            PowerState = "power on",
            ProvisionState = "available",
            ProvisionUpdatedAt = At(13, 460938),
        };
        Assert.That(PyJson.Serialize(NodeRenderer.RenderStates(View(node), V178)), Is.EqualTo(Samples.States178));
    }

    [Test]
    public void Old_versions_do_not_see_newer_states()
    {
        var available = View(Enrolled(At(11)) with { ProvisionState = "available" });
        Assert.That(NodeRenderer.Render(available, V11, BaseUrl)["provision_state"], Is.Null);
        Assert.That(NodeRenderer.Render(available, new ApiVersion(1, 2), BaseUrl)["provision_state"]!.GetValue<string>(), Is.EqualTo("available"));

        var inspectWait = View(Enrolled(At(11)) with { ProvisionState = "inspect wait" });
        Assert.That(NodeRenderer.Render(inspectWait, new ApiVersion(1, 38), BaseUrl)["provision_state"]!.GetValue<string>(), Is.EqualTo("inspecting"));
        Assert.That(NodeRenderer.Render(inspectWait, new ApiVersion(1, 39), BaseUrl)["provision_state"]!.GetValue<string>(), Is.EqualTo("inspect wait"));
        Assert.That(NodeRenderer.RenderStates(inspectWait, new ApiVersion(1, 38))["provision_state"]!.GetValue<string>(), Is.EqualTo("inspecting"));
    }

    [Test]
    public void Fields_newer_than_the_version_are_left_out()
    {
        var at131 = NodeRenderer.Render(View(Enrolled(At(11))), new ApiVersion(1, 31), BaseUrl);
        Assert.That(at131.ContainsKey("boot_interface"), Is.True);
        Assert.That(at131.ContainsKey("storage_interface"), Is.False);
        Assert.That(at131.ContainsKey("conductor"), Is.False);
        Assert.That(at131.ContainsKey("states"), Is.True);
        Assert.That(at131.ContainsKey("volume"), Is.False);
        Assert.That(NodeRenderer.Render(View(Enrolled(At(11))), V178, BaseUrl).ContainsKey("shard"), Is.False);
    }

    [Test]
    public void Secrets_are_masked_without_changing_the_node()
    {
        var node = Enrolled(At(11)) with
        {
            DriverInfo = new JsonObject
            {
                ["ipmi_address"] = "10.0.0.1",
                ["ipmi_password"] = "p",
                ["redfish_password"] = "p",
                ["ipmi_hex_kg_key"] = "k",
                ["nested"] = new JsonObject { ["secret_thing"] = "s", ["plain"] = 1 },
            },
            InstanceInfo = new JsonObject { ["configdrive"] = "data", ["image_url"] = "http://x", ["image_source"] = "glance" },
            DriverInternalInfo = new JsonObject { ["agent_secret_token"] = "t", ["agent_url"] = "u" },
        };
        var json = NodeRenderer.Render(View(node), V178, BaseUrl);

        Assert.That(json["driver_info"]!.ToJsonString(), Is.EqualTo(
            """{"ipmi_address":"10.0.0.1","ipmi_password":"******","redfish_password":"******","ipmi_hex_kg_key":"******","nested":{"secret_thing":"******","plain":1}}"""));
        Assert.That(json["instance_info"]!.ToJsonString(), Is.EqualTo(
            """{"configdrive":"******","image_url":"******","image_source":"glance"}"""));
        Assert.That(json["driver_internal_info"]!.ToJsonString(), Is.EqualTo("""{"agent_secret_token":"******","agent_url":"u"}"""));
        Assert.That(node.DriverInfo["ipmi_password"]!.GetValue<string>(), Is.EqualTo("p"));
    }

    [Test]
    public void Python_style_json_escapes_like_json_dumps() =>
        Assert.That(PyJson.Serialize(new JsonObject { ["a"] = "é<>&'\"\\\n", ["b"] = new JsonArray(1, true, null) }),
            Is.EqualTo("{\"a\": \"\\u00e9<>&'\\\"\\\\\\n\", \"b\": [1, true, null]}"));

    [Test]
    public void Timestamps_print_like_python_isoformat()
    {
        Assert.That(Timestamps.Format(At(11)), Is.EqualTo("2026-11-24T23:31:11+00:00"));
        Assert.That(Timestamps.Format(At(11, 277731)), Is.EqualTo("2026-11-24T23:31:11.277731+00:00"));
        Assert.That(Timestamps.Format(At(11, 5)), Is.EqualTo("2026-11-24T23:31:11.000005+00:00"));
        Assert.That(Timestamps.Format(new DateTimeOffset(2026, 11, 25, 1, 31, 11, TimeSpan.FromHours(2))),
            Is.EqualTo("2026-11-24T23:31:11+00:00"));
    }
}
