using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Serialization;
using NUnit.Framework;
using static Ironic.Actors.Gateway.UnitTests.TestViews;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>A list page written from the stored documents is byte for byte what the decoded nodes render to.</summary>
public class StoredNodeRendererTests
{
    private static readonly int[] Minors = [1, 2, 5, 7, 12, 20, 31, 38, 39, 42, 46, 48, 49, 52, 61, 65, 66, 75, 78, 82, 95];

    private static readonly IReadOnlyList<string>?[] FieldSelections =
    [
        null,
        NodeFields.ListDefault,
        ["provision_state", "power_state", "target_provision_state"],
        ["driver_info", "instance_info", "driver_internal_info", "conductor", "reservation", "allocation_uuid", "boot_interface"],
        ["shard", "traits", "retired", "uuid", "name", "created_at", "inspection_started_at", "properties"],
    ];

    /// <summary>A node with every kind of value: secrets at every depth, numbers in several spellings, non-ASCII text, nulls.</summary>
    private static Node Rich() => Patched() with
    {
        Name = "rich-ü-\"quoted\"\n",
        DriverInfo = (JsonObject)JsonNode.Parse(
            """{"ipmi_address": "10.0.0.1", "ipmi_password": "s3cret", "ipmi_port": 623, "nested": {"auth_key": null, "deeper": {"token": [1, 2]}, "plain": 1.50}, "empty": {}, "list": [{"password": "x"}, 1e3, -0, true, false, null]}""")!,
        InstanceInfo = (JsonObject)JsonNode.Parse(
            """{"image_source": "http://x/img", "image_url": "http://secret", "configdrive": null, "root_gb": 10, "capabilities": {"secret_boot": "y"}}""")!,
        DriverInternalInfo = (JsonObject)JsonNode.Parse(
            """{"agent_secret_token": "abc", "agent_url": "http://10.0.0.2:9999", "nested": {"password": "shown"}}""")!,
        Properties = (JsonObject)JsonNode.Parse("""{"cpus": 32, "memory_mb": 262144, "ratio": 0.25, "big": 12345678901234567890, "cap": "boot_mode:uefi,x:\u00e9"}""")!,
        CleanStep = new JsonObject { ["step"] = "erase_devices", ["priority"] = 10 },
        DeployStep = new JsonObject { ["args"] = new JsonObject { ["a"] = new JsonArray(1, "b", null) } },
        RaidConfig = new JsonObject { ["logical_disks"] = new JsonArray() },
        NetworkData = new JsonObject { ["links"] = new JsonArray(new JsonObject { ["id"] = "eth0" }) },
        InstanceUuid = "5c8e4a6b-0000-4000-8000-000000000001",
        AllocationUuid = Guid.Parse("6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        ChassisUuid = "7b0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        TargetPowerState = "power off",
        TargetProvisionState = "available",
        LastError = "boom\t\u0001",
        Maintenance = true,
        MaintenanceReason = "fixing",
        Fault = "power failure " + new string('y', 600), // plain ASCII, longer than the renderer's copy buffer
        ConsoleEnabled = true,
        InspectionStartedAt = At(12, 5),
        InspectionFinishedAt = At(13, 999999),
        ResourceClass = "bm.gpu",
        Traits = ["CUSTOM_A", "CUSTOM_\u00df"],
        ConductorGroup = "Rack-1",
        AutomatedClean = false,
        Protected = true,
        ProtectedReason = "prod",
        Owner = "project-1",
        Lessee = "tenant-x",
        Description = "a node <b>&amp;</b> 'quoted' +1 \u007f " + new string('x', 300), // the store escapes some; DEL; long
        Retired = null,
        RetiredReason = "old",
        BootMode = "uefi",
        SecureBoot = true,
        Shard = "s1",
    };

    private static IEnumerable<(string Name, Node Node)> Nodes()
    {
        yield return ("enrolled", Enrolled(At(11, 277731)));
        yield return ("patched", Patched());
        yield return ("rich", Rich());
        yield return ("inspect wait", Patched() with { ProvisionState = "inspect wait" });
        yield return ("available", Patched() with { ProvisionState = "available", Retired = true });
    }

    private static string Old(NodeReplies.NodeView view, ApiVersion version, IReadOnlyList<string>? fields, string baseUrl = BaseUrl)
    {
        var sb = new StringBuilder();
        NodeRenderer.Write(sb, view, version, baseUrl, fields);
        return sb.ToString();
    }

    private static string New(byte[] document, NodeReplies.NodeView view, ApiVersion version, IReadOnlyList<string>? fields, string baseUrl = BaseUrl)
    {
        var sb = new StringBuilder();
        var uuid = StoredNodeRenderer.Write(sb, new NodeQueries.StoredNode(document, view.Reservation, view.Conductor, view.Version), version, baseUrl, fields);
        Assert.That(uuid, Is.EqualTo(view.Node.Uuid.ToString()));
        return sb.ToString();
    }

    [Test]
    public void Every_version_and_field_selection_is_written_as_the_decoded_node_renders()
    {
        var compared = 0;
        foreach (var (name, node) in Nodes())
        {
            // What the read model stores, and what decoding it gives (as the list read it before).
            var document = IronicSerializer.ToJson(node);
            foreach (var reservation in new[] { null, "conductor-9" })
            {
                var view = new NodeReplies.NodeView(IronicSerializer.FromJson<Node>(document), reservation, "host-\u00e9", 7);
                foreach (var minor in Minors)
                    foreach (var fields in FieldSelections)
                    {
                        var version = new ApiVersion(1, minor);
                        Assert.That(New(document, view, version, fields), Is.EqualTo(Old(view, version, fields)),
                            $"{name} at {version}, fields {(fields is null ? "all" : string.Join(",", fields))}");
                        compared++;
                    }
            }
        }
        Assert.That(compared, Is.EqualTo(5 * 2 * Minors.Length * FieldSelections.Length));
    }

    [Test]
    public void A_document_without_its_optional_properties_shows_the_nodes_defaults()
    {
        var full = (JsonObject)JsonNode.Parse(IronicSerializer.ToJson(Rich()))!;
        string[] required = ["Uuid", "Driver", "ProvisionState", "Interfaces", "CreatedAt"];
        foreach (var property in full.Select(p => p.Key).Where(k => !required.Contains(k)).ToList())
        {
            var trimmed = (JsonObject)full.DeepClone();
            trimmed.Remove(property);
            var document = Encoding.UTF8.GetBytes(trimmed.ToJsonString());
            var view = new NodeReplies.NodeView(IronicSerializer.FromJson<Node>(document), null, "c", 1);
            Assert.That(New(document, view, new ApiVersion(1, 95), null), Is.EqualTo(Old(view, new ApiVersion(1, 95), null)), property);
        }
    }

    [Test]
    public void Properties_stored_in_another_order_or_unknown_change_nothing()
    {
        var full = (JsonObject)JsonNode.Parse(IronicSerializer.ToJson(Rich()))!;
        var reordered = new JsonObject { ["SomethingNew"] = new JsonObject { ["x"] = 1 } };
        foreach (var (key, value) in full.Reverse().ToList())
            reordered[key] = value?.DeepClone();
        var document = Encoding.UTF8.GetBytes(reordered.ToJsonString());
        var view = new NodeReplies.NodeView(IronicSerializer.FromJson<Node>(document), "r", "c", 1);
        Assert.That(New(document, view, new ApiVersion(1, 78), null), Is.EqualTo(Old(view, new ApiVersion(1, 78), null)));
    }

    [Test]
    public void A_base_url_that_needs_escaping_is_escaped_in_every_link()
    {
        var document = IronicSerializer.ToJson(Patched());
        var view = new NodeReplies.NodeView(IronicSerializer.FromJson<Node>(document), null, "c", 1);
        const string odd = "http://h\u00e9st:6385/a\"b\\c";
        var written = New(document, view, new ApiVersion(1, 95), null, odd);
        Assert.That(written, Is.EqualTo(Old(view, new ApiVersion(1, 95), null, odd)));
        Assert.That(written, Does.Contain("\"http://h\\u00e9st:6385/a\\\"b\\\\c/v1/nodes/"));
    }
}
