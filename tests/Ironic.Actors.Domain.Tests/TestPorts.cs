using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>Builders and helpers for the port, portgroup and chassis tests.</summary>
internal static class TestPorts
{
    public static readonly Guid PortA = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c");
    public static readonly Guid PortB = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5d");
    public static readonly Guid GroupA = Guid.Parse("a862a6ad-5b49-44f9-a1aa-33cb27c08fdd");
    public static readonly Guid OtherNode = Guid.Parse("a0466efb-479f-4d67-ae82-14f3f2759429");
    public const string Mac = "52:54:00:aa:bb:cc";

    /// <summary>A POST /v1/ports body for <see cref="TestNodes.Uuid"/>.</summary>
    public static JsonObject PortBody(string address = Mac, Action<JsonObject>? more = null)
    {
        var body = new JsonObject { ["address"] = address, ["node_uuid"] = TestNodes.Uuid.ToString() };
        more?.Invoke(body);
        return body;
    }

    public static JsonObject GroupBody(Action<JsonObject>? more = null)
    {
        var body = new JsonObject { ["node_uuid"] = TestNodes.Uuid.ToString() };
        more?.Invoke(body);
        return body;
    }

    /// <summary>
    /// A POST /v1/ports body read as the request reader reads it (once, before the decision), then decided on
    /// <paramref name="node"/>.
    /// </summary>
    public static Decision CreatePort(Nodes.Node node, NodePorts parts, Guid id, JsonObject body, NodeContext ctx, bool uuidGenerated = false) =>
        PortDecisions.Create(node, parts, Read(body, id).Port ?? throw new AssertionException(Read(body, id).Error ?? ""), body["pxe_enabled"] is not null, ctx,
            uuidGenerated);

    /// <summary>A POST /v1/ports body through <see cref="PortDocument.Read"/>, as the request reader reads it.</summary>
    public static (Port? Port, string? Error) Read(JsonObject body, Guid id) =>
        PortDocument.Read(body, new Port { Uuid = id, NodeId = Guid.Empty, Address = "", CreatedAt = DateTimeOffset.UnixEpoch }, "port");

    /// <summary>A POST /v1/portgroups body read as the request reader reads it, then decided on <paramref name="node"/>.</summary>
    public static Decision CreateGroup(Nodes.Node node, NodePorts parts, Guid id, JsonObject body, NodeContext ctx, bool uuidGenerated = false) =>
        PortgroupDecisions.Create(node, parts, ReadGroup(body, id).Portgroup ?? throw new AssertionException(ReadGroup(body, id).Error ?? ""), ctx,
            uuidGenerated);

    /// <summary>A POST /v1/portgroups body through <see cref="PortgroupDocument.Read"/>.</summary>
    public static (Portgroup? Portgroup, string? Error) ReadGroup(JsonObject body, Guid id) =>
        PortgroupDocument.Read(body, new Portgroup { Uuid = id, NodeId = Guid.Empty, CreatedAt = DateTimeOffset.UnixEpoch }, "portgroup");

    public static Port Port(Guid? id = null, string address = Mac, Guid? group = null, string? physnet = null) => new()
    {
        Uuid = id ?? PortA,
        NodeId = TestNodes.Uuid,
        Address = address,
        PortgroupId = group,
        PhysicalNetwork = physnet,
        CreatedAt = TestNodes.Created,
    };

    public static Portgroup Group(Guid? id = null, bool standalone = true, string? name = "bond0") => new()
    {
        Uuid = id ?? GroupA,
        NodeId = TestNodes.Uuid,
        Name = name,
        StandalonePortsSupported = standalone,
        CreatedAt = TestNodes.Created,
    };

    /// <summary>A node's ports and portgroups holding exactly these.</summary>
    public static NodePorts With(params object[] parts) => parts.Aggregate(NodePorts.Empty, (current, part) => part switch
    {
        Port p => current.Apply(new PortCreated(p)),
        Portgroup g => current.Apply(new PortgroupCreated(g)),
        _ => throw new ArgumentException(part.ToString()),
    });

    /// <summary>Asserts acceptance and folds the decision's events into <paramref name="parts"/>.</summary>
    public static NodePorts Fold(this NodePorts parts, Decision decision)
    {
        Assert.That(decision.Rejection, Is.Null, () => $"unexpected rejection: {decision.Rejection}");
        return decision.Events.Aggregate(parts, (current, e) => current.Apply(e));
    }
}
