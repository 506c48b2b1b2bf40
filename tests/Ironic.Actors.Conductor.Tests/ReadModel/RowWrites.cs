using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>Node rows as the read model's writer takes them, for tests that write rows without entities.</summary>
internal static class RowWrites
{
    /// <summary>An enrolled fake-hardware node with every interface set, as an entity would store it.</summary>
    public static Node Node(Guid id, DateTimeOffset createdAt, string? name = null) => new()
    {
        Uuid = id,
        Name = name,
        Driver = "fake-hardware",
        ProvisionState = ProvisionStates.Enroll,
        Interfaces = new NodeInterfaces(
            Bios: "no-bios", Boot: "fake", Console: "no-console", Deploy: "fake", Inspect: "no-inspect",
            Management: "fake", Network: "noop", Power: "fake", Raid: "no-raid", Rescue: "no-rescue",
            Storage: "noop", Vendor: "no-vendor"),
        CreatedAt = createdAt,
    };

    /// <summary>The write of <paramref name="node"/>'s row at <paramref name="version"/>, by conductor-1.</summary>
    public static ReadModelWrites.StoreNode Store(Node node, long version, ReadModelWrites.NodeParts? parts = null) =>
        new(node.Uuid, version, new NodeReplies.NodeView(node, Reservation: null, Conductor: "conductor-1", version), parts);
}
