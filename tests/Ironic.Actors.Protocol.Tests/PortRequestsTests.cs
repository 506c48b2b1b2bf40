using System.Text.Json.Nodes;
using Ironic.Actors.Protocol.Ports;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary><see cref="PortRequests"/>: a port or portgroup POST body is read once, into the command for the node it names.</summary>
public class PortRequestsTests
{
    private static readonly Guid Node = Guid.Parse("1be26c0b-03f2-4d2e-ae87-c02d7f33c123");
    private static readonly Guid NewId = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c");

    [Test]
    public void A_port_body_becomes_the_command_for_the_node_it_names()
    {
        var given = Guid.Parse("9f0a3c9e-53a1-4b8a-9f7e-cf1c3e0a1b2c");
        var (command, error) = PortRequests.ReadCreatePort(new JsonObject
        {
            ["address"] = "52:54:00:AA:BB:CC", ["node_uuid"] = Node.ToString(), ["uuid"] = given.ToString(), ["pxe_enabled"] = "false",
        }, NewId);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(command!.NodeId, Is.EqualTo(Node));
            Assert.That(command.PortId, Is.EqualTo(given), "the body's uuid wins over the new one");
            Assert.That(command.Port.Address, Is.EqualTo("52:54:00:aa:bb:cc"));
            Assert.That((command.Port.PxeEnabled, command.PxeEnabledGiven), Is.EqualTo((false, true)));
            Assert.That(command.PortgroupId, Is.Null);
            Assert.That(command.IdGenerated, Is.False);
        });
        Assert.That(PortRequests.ReadCreatePort(new JsonObject { ["address"] = "52:54:00:aa:bb:cc", ["node_uuid"] = Node.ToString() }, NewId)
            .Command, Has.Property(nameof(PortCommands.CreatePort.PortId)).EqualTo(NewId).And.Property(nameof(PortCommands.CreatePort.PxeEnabledGiven)).False
                .And.Property(nameof(PortCommands.CreatePort.IdGenerated)).True);
    }

    [Test]
    public void A_bad_field_is_Ironics_400_message_and_no_command() =>
        Assert.That(PortRequests.ReadCreatePort(new JsonObject { ["address"] = "nope", ["node_uuid"] = Node.ToString() }, NewId),
            Is.EqualTo(((PortCommands.CreatePort?)null, (string?)"Expected valid MAC address for address: nope")));

    [Test]
    public void A_portgroup_body_becomes_the_command_for_the_node_it_names_with_Ironics_default_mode()
    {
        var (command, error) = PortRequests.ReadCreatePortgroup(new JsonObject { ["node_uuid"] = Node.ToString(), ["name"] = "bond0" }, NewId);
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That((command!.NodeId, command.PortgroupId, command.Name, command.IdGenerated), Is.EqualTo((Node, NewId, "bond0", true)));
            Assert.That(command.Portgroup.Mode, Is.EqualTo("active-backup"));
        });
        Assert.That(PortRequests.ReadCreatePortgroup(new JsonObject { ["node_uuid"] = "x" }, NewId).Error, Is.Not.Null);
    }
}
