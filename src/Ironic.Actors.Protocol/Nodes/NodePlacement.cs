using System.Text.Json;
using System.Text.Json.Serialization;
using Ironic.Actors.Protocol.Serialization;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// Where a node may live: the conductors of its conductor group that enable its hardware type (Ironic keeps one hash
/// ring per group and hardware type). The group is compared lower-case, as Ironic compares it.
/// </summary>
public sealed record NodePlacement(string Group, string Driver)
{
    public static NodePlacement Of(string? group, string? driver) => new((group ?? "").ToLowerInvariant(), driver ?? "");

    /// <summary>Where <paramref name="node"/> may live: its conductor group and its driver.</summary>
    public static NodePlacement Of(Domain.Nodes.Node node) => Of(node.ConductorGroup, node.Driver);

    /// <summary>The cluster role a conductor member carries for each group it serves.</summary>
    public static string GroupRole(string group) => "conductor-group-" + group.ToLowerInvariant();

    /// <summary>The cluster role a conductor member carries for each hardware type it enables.</summary>
    public static string HardwareTypeRole(string hardwareType) => "hardware-type-" + hardwareType;

    /// <summary>The roles a member needs to host nodes placed here.</summary>
    public IReadOnlyList<string> RequiredRoles => [ActorKeys.ConductorRole, GroupRole(Group), HardwareTypeRole(Driver)];

    /// <summary>Whether a member with the roles <paramref name="hasRole"/> says yes to may host nodes placed here.</summary>
    public bool IsServedBy(Func<string, bool> hasRole) => RequiredRoles.All(hasRole);

    public override string ToString() => $"group \"{Group}\", hardware type {Driver}";
}

/// <summary>A node and where it may live.</summary>
public sealed record NodeAt(Guid NodeId, NodePlacement Placement)
{
    /// <summary><paramref name="message"/> addressed to this node's placed shard.</summary>
    public PlacedNodeMessage Send(IWithNodeId message) => new(Placement, message);
}

/// <summary>
/// A message for a node, with the node's placement: the node region routes it to the node's shard among the shards of
/// that placement, which only conductors serving it host. The entity receives <see cref="Message"/> itself.
/// A message sent without placement still arrives: the entity that wakes for it in the unplaced shard forwards it here.
/// </summary>
public sealed record PlacedNodeMessage(
    NodePlacement Placement,
    [property: JsonConverter(typeof(NestedMessageConverter))] IWithNodeId Message) : IIronicMessage, IWithNodeId
{
    public Guid NodeId => Message.NodeId;
}

/// <summary>
/// A write from a gateway that may reach the node more than once: when a conductor is lost while the write is on its
/// way, the gateway cannot know whether the message went to that conductor (and was lost with it), so it sends the
/// same <see cref="RequestId"/> again once the cluster has removed the member. The entity acts on the first copy it
/// receives and drops the others; the gateway answers the client with the first answer that comes back.
/// </summary>
public sealed record ResendableNodeMessage(
    Guid RequestId,
    [property: JsonConverter(typeof(NestedMessageConverter))] IWithNodeId Message) : IIronicMessage, IWithNodeId
{
    public Guid NodeId => Message.NodeId;
}

/// <summary>Writes a nested message as its manifest and its JSON, so that any serializable node message can be wrapped.</summary>
public sealed class NestedMessageConverter : JsonConverter<IWithNodeId>
{
    public override IWithNodeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var manifest = doc.RootElement.GetProperty("manifest").GetString()
                       ?? throw new JsonException("A nested message has no manifest.");
        if (!Manifests.ByManifest.TryGetValue(manifest, out var type))
            throw new JsonException($"Unknown manifest '{manifest}' in a nested message.");
        return doc.RootElement.GetProperty("message").Deserialize(type, options) as IWithNodeId
               ?? throw new JsonException($"Manifest '{manifest}' is not a node message.");
    }

    public override void Write(Utf8JsonWriter writer, IWithNodeId value, JsonSerializerOptions options)
    {
        if (!Manifests.ByType.TryGetValue(value.GetType(), out var manifest))
            throw new JsonException($"No manifest for {value.GetType().FullName}: add it to {nameof(Manifests)}.");
        writer.WriteStartObject();
        writer.WriteString("manifest", manifest);
        writer.WritePropertyName("message");
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
        writer.WriteEndObject();
    }
}
