using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestPorts;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="PortDocument"/> and <see cref="PortgroupDocument"/>: Ironic's schemas and field validators, with its wording.</summary>
public class PortDocumentTests
{
    private static readonly Port Blank = new() { Uuid = PortA, NodeId = Guid.Empty, Address = "", CreatedAt = TestNodes.Created };

    private static string Error(JsonObject body, string schema = "port")
    {
        var (port, error) = PortDocument.Read(body, Blank, schema);
        Assert.That(port, Is.Null, "expected the body to be refused");
        return error!;
    }

    [Test]
    public void A_minimal_body_gives_Ironics_defaults_and_a_lower_case_address()
    {
        var (port, error) = PortDocument.Read(PortBody("52:54:00:AA:BB:CC"), Blank, "port");
        Assert.That(error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(port!.Address, Is.EqualTo("52:54:00:aa:bb:cc"));
            Assert.That(port.NodeId, Is.EqualTo(TestNodes.Uuid));
            Assert.That(port.PxeEnabled, Is.True);
            Assert.That(port.IsSmartnic, Is.False);
            Assert.That(port.PhysicalNetwork, Is.Null);
            Assert.That(port.PortgroupId, Is.Null);
            Assert.That(port.Extra, Is.Empty);
            Assert.That(port.LocalLinkConnection, Is.Empty);
            Assert.That(port.Uuid, Is.EqualTo(PortA), "no uuid in the body keeps the one given");
        });
    }

    [TestCase("52-54-00-aa-bb-cc")]
    [TestCase("52:54:00:aa:bb")]
    [TestCase("52:54:00:aa:bb:cc:dd")]
    [TestCase("5254.00aa.bbcc")]
    [TestCase("zz:54:00:aa:bb:cc")]
    public void An_address_that_is_not_a_colon_separated_MAC_is_refused(string address) =>
        Assert.That(Error(PortBody(address)), Is.EqualTo($"Expected valid MAC address for address: {address}"));

    [Test]
    public void Required_unknown_and_mistyped_fields_get_jsonschema_messages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Error(new JsonObject { ["node_uuid"] = TestNodes.Uuid.ToString() }),
                Is.EqualTo("Schema error for port: 'address' is a required property"));
            Assert.That(Error(new JsonObject { ["address"] = Mac }), Is.EqualTo("Schema error for port: 'node_uuid' is a required property"));
            Assert.That(Error(PortBody(more: b => b["name"] = "eth0")),
                Is.EqualTo("Schema error for port: Additional properties are not allowed ('name' was unexpected)"));
            Assert.That(Error(PortBody(more: b => { b["a"] = 1; b["b"] = 2; })),
                Is.EqualTo("Schema error for port: Additional properties are not allowed ('a', 'b' were unexpected)"));
            Assert.That(Error(PortBody(more: b => b["extra"] = 5)), Is.EqualTo("Schema error for port: 5 is not of type 'object', 'null'"));
            Assert.That(Error(PortBody(more: b => b["address"] = true)), Is.EqualTo("Schema error for port: True is not of type 'string'"));
            Assert.That(Error(PortBody(more: b => b["physical_network"] = new string('p', 65))),
                Is.EqualTo($"Schema error for port: '{new string('p', 65)}' is too long"));
        });
    }

    [Test]
    public void Uuids_are_checked_with_Ironics_argument_wording()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Error(PortBody(more: b => b["node_uuid"] = "node-1")), Is.EqualTo("Expected UUID for node_uuid: node-1"));
            Assert.That(Error(PortBody(more: b => b["portgroup_uuid"] = "bond0")), Is.EqualTo("Expected UUID for portgroup_uuid: bond0"));
            Assert.That(Error(PortBody(more: b => b["uuid"] = "nope")), Is.EqualTo("Expected UUID for uuid: nope"));
        });
        var (port, _) = PortDocument.Read(PortBody(more: b => b["uuid"] = PortB.ToString().ToUpperInvariant()), Blank, "port");
        Assert.That(port!.Uuid, Is.EqualTo(PortB));
    }

    [TestCase("true", true)]
    [TestCase("No", false)]
    [TestCase("1", true)]
    [TestCase("off", false)]
    public void Booleans_accept_oslo_words(string word, bool expected)
    {
        var (port, error) = PortDocument.Read(PortBody(more: b => { b["pxe_enabled"] = word; b["is_smartnic"] = word; b["local_link_connection"] = new JsonObject { ["port_id"] = "p", ["hostname"] = "h" }; }), Blank, "port");
        Assert.That(error, Is.Null);
        Assert.That((port!.PxeEnabled, port.IsSmartnic), Is.EqualTo((expected, expected)));
    }

    [Test]
    public void Other_boolean_words_are_refused_listing_the_accepted_ones() =>
        Assert.That(Error(PortBody(more: b => b["pxe_enabled"] = "maybe")), Is.EqualTo(
            "Invalid pxe_enabled: Unrecognized value 'maybe', acceptable values are: " +
            "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'"));

    [Test]
    public void Local_link_connection_takes_Ironics_forms_and_normalizes_the_switch_id()
    {
        JsonObject Read(JsonObject link) => PortDocument.Read(PortBody(more: b => b["local_link_connection"] = link), Blank, "port").Port!.LocalLinkConnection;
        Assert.Multiple(() =>
        {
            Assert.That(Read(new JsonObject { ["switch_id"] = "0A:1B:2C:3D:4E:5F", ["port_id"] = "Ethernet3/1", ["switch_info"] = "sw1" })["switch_id"]!.GetValue<string>(),
                Is.EqualTo("0a:1b:2c:3d:4e:5f"));
            Assert.That(Read(new JsonObject { ["switch_id"] = "0123456789ABCDEF", ["port_id"] = "p" })["switch_id"]!.GetValue<string>(),
                Is.EqualTo("0123456789abcdef"), "an OpenFlow datapath id");
            Assert.That(Read(new JsonObject { ["network_type"] = "unmanaged" }), Has.Count.EqualTo(1));
            Assert.That(Read(new JsonObject { ["port_id"] = "p", ["hostname"] = "host-1" }), Has.Count.EqualTo(2), "smart NIC form");
        });
        Assert.Multiple(() =>
        {
            Assert.That(Error(PortBody(more: b => b["local_link_connection"] = new JsonObject { ["switch_id"] = "sw", ["port_id"] = "p" })),
                Is.EqualTo("Expected a MAC address or OpenFlow datapath ID but received sw."));
            Assert.That(Error(PortBody(more: b => b["local_link_connection"] = new JsonObject { ["port_id"] = "p" })),
                Is.EqualTo("Schema error for local_link_connection: {'port_id': 'p'} is not valid under any of the given schemas"));
            Assert.That(Error(PortBody(more: b => b["local_link_connection"] = new JsonObject { ["switch_id"] = "0a:1b:2c:3d:4e:5f", ["port_id"] = "p", ["vlan"] = 5 })),
                Does.StartWith("Schema error for local_link_connection: "));
        });
    }

    [Test]
    public void Patched_documents_report_removed_required_fields_as_missing()
    {
        var doc = PortDocument.ToDocument(Port());
        doc["address"] = null;
        Assert.That(PortDocument.Read(doc, Port(), "patch").Error, Is.EqualTo("Schema error for patch: 'address' is a required property"));
    }

    [Test]
    public void A_port_round_trips_through_its_document()
    {
        var port = Port(group: GroupA, physnet: "physnet1") with
        {
            Extra = new JsonObject { ["k"] = "v" },
            LocalLinkConnection = new JsonObject { ["switch_id"] = "0a:1b:2c:3d:4e:5f", ["port_id"] = "p" },
            PxeEnabled = false,
        };
        var (read, error) = PortDocument.Read(PortDocument.ToDocument(port), port, "patch");
        Assert.That(error, Is.Null);
        Assert.That(read, Is.EqualTo(port with { Extra = read!.Extra, LocalLinkConnection = read.LocalLinkConnection }));
        Assert.That(JsonNode.DeepEquals(read.Extra, port.Extra) && JsonNode.DeepEquals(read.LocalLinkConnection, port.LocalLinkConnection), Is.True);
    }

    [Test]
    public void Portgroups_default_their_mode_and_check_address_and_flags()
    {
        var blank = new Portgroup { Uuid = GroupA, NodeId = Guid.Empty, CreatedAt = TestNodes.Created };
        var (group, error) = PortgroupDocument.Read(GroupBody(b => { b["mode"] = ""; b["address"] = "52:54:00:AA:BB:CC"; }), blank, "portgroup");
        Assert.That(error, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(group!.Mode, Is.EqualTo("active-backup"));
            Assert.That(group.Address, Is.EqualTo(Mac));
            Assert.That(group.StandalonePortsSupported, Is.True);
            Assert.That(group.Name, Is.Null);
            Assert.That(PortgroupDocument.Read(GroupBody(b => b["mode"] = "802.3ad"), blank, "portgroup").Portgroup!.Mode, Is.EqualTo("802.3ad"));
            Assert.That(PortgroupDocument.Read(GroupBody(b => b["address"] = "bad"), blank, "portgroup").Error,
                Is.EqualTo("Expected valid MAC address for address: bad"));
            Assert.That(PortgroupDocument.Read(new JsonObject(), blank, "portgroup").Error,
                Is.EqualTo("Schema error for portgroup: 'node_uuid' is a required property"));
            Assert.That(PortgroupDocument.Read(GroupBody(b => b["standalone_ports_supported"] = "nope"), blank, "portgroup").Error,
                Does.StartWith("Invalid standalone_ports_supported: Unrecognized value 'nope'"));
        });
    }
}
