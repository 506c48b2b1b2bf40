using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Views;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// The fields of a port, portgroup or chassis in the order Ironic 21.4 prints them (uuid, created_at,
/// updated_at, the object's fields, then node_uuid, links and the sub-resource links; see the port in the
/// POST /v1/ports sample), with the minor version that introduced each where it matters.
/// </summary>
public sealed record ResourceFields(
    string Name,
    IReadOnlyList<(string Field, int Since)> All,
    IReadOnlyList<string> ListDefault,
    IReadOnlyDictionary<string, int> AskSince)
{
    /// <summary>Version from which a client may ask for <paramref name="field"/> (fields, sort_key, body keys); null: always.</summary>
    public int? Since(string field) => AskSince.TryGetValue(field, out var since) ? since : null;

    public bool IsField(string field) => All.Any(f => f.Field == field);

    public static readonly ResourceFields Port = new(
        "port",
        [
            ("uuid", 1), ("created_at", 1), ("updated_at", 1), ("address", 1), ("extra", 1), ("internal_info", 18),
            ("is_smartnic", 53), ("local_link_connection", 19), ("physical_network", 34), ("pxe_enabled", 19),
            ("node_uuid", 1), ("links", 1), ("portgroup_uuid", 24),
        ],
        ["uuid", "address"],
        new Dictionary<string, int>
        {
            ["pxe_enabled"] = 19, ["local_link_connection"] = 19, ["portgroup_uuid"] = 24, ["physical_network"] = 34, ["is_smartnic"] = 53,
        });

    public static readonly ResourceFields Portgroup = new(
        "portgroup",
        [
            ("uuid", 1), ("created_at", 1), ("updated_at", 1), ("address", 1), ("extra", 1), ("internal_info", 1), ("mode", 1),
            ("name", 1), ("properties", 1), ("standalone_ports_supported", 1), ("node_uuid", 1), ("links", 1), ("ports", 1),
        ],
        ["uuid", "address", "name"],
        new Dictionary<string, int> { ["mode"] = 26, ["properties"] = 26 });

    public static readonly ResourceFields Chassis = new(
        "chassis",
        [("uuid", 1), ("created_at", 1), ("updated_at", 1), ("description", 1), ("extra", 1), ("links", 1), ("nodes", 1)],
        ["uuid", "description"],
        new Dictionary<string, int>());
}

/// <summary>Turns ports, portgroups and chassis into Ironic's JSON objects for one API version.</summary>
public static class PortRenderer
{
    /// <summary>
    /// The port with every field the version shows (Ironic hides fields newer than the request), or only
    /// <paramref name="fields"/> plus <c>links</c>, kept in the object's own order as Ironic's sanitizer does.
    /// </summary>
    public static JsonObject Render(PortFields port, ApiVersion version, string baseUrl, IReadOnlyCollection<string>? fields = null) =>
        Build(ResourceFields.Port, version, fields, name => name switch
        {
            "uuid" => port.Uuid.ToString(),
            "created_at" => Timestamps.ToJson(port.CreatedAt),
            "updated_at" => Timestamps.ToJson(port.UpdatedAt),
            "address" => port.Address,
            "extra" => port.Extra.DeepClone(),
            "internal_info" => port.InternalInfo.DeepClone(),
            "is_smartnic" => port.IsSmartnic,
            "local_link_connection" => port.LocalLinkConnection.DeepClone(),
            "physical_network" => port.PhysicalNetwork,
            "pxe_enabled" => port.PxeEnabled,
            "node_uuid" => port.NodeId.ToString(),
            "links" => Links.SelfAndBookmark(baseUrl, $"ports/{port.Uuid}"),
            "portgroup_uuid" => port.PortgroupId?.ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a port field"),
        });

    /// <summary>A portgroup. Ironic shows <c>mode</c> and <c>properties</c> at every version that has portgroups.</summary>
    public static JsonObject Render(PortgroupFields group, ApiVersion version, string baseUrl, IReadOnlyCollection<string>? fields = null) =>
        Build(ResourceFields.Portgroup, version, fields, name => name switch
        {
            "uuid" => group.Uuid.ToString(),
            "created_at" => Timestamps.ToJson(group.CreatedAt),
            "updated_at" => Timestamps.ToJson(group.UpdatedAt),
            "address" => group.Address,
            "extra" => group.Extra.DeepClone(),
            "internal_info" => group.InternalInfo.DeepClone(),
            "mode" => group.Mode,
            "name" => group.Name,
            "properties" => group.Properties.DeepClone(),
            "standalone_ports_supported" => group.StandalonePortsSupported,
            "node_uuid" => group.NodeId.ToString(),
            "links" => Links.SelfAndBookmark(baseUrl, $"portgroups/{group.Uuid}"),
            "ports" => Links.SelfAndBookmark(baseUrl, $"portgroups/{group.Uuid}/ports"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a portgroup field"),
        });

    /// <summary>
    /// A chassis. Ironic 21.4 builds its <c>nodes</c> links with a stray trailing comma, which makes them a
    /// one-element tuple: on the wire <c>"nodes": [[{self}, {bookmark}]]</c>. Reproduced as is.
    /// </summary>
    public static JsonObject Render(ChassisFields chassis, ApiVersion version, string baseUrl, IReadOnlyCollection<string>? fields = null) =>
        Build(ResourceFields.Chassis, version, fields, name => name switch
        {
            "uuid" => chassis.Uuid.ToString(),
            "created_at" => Timestamps.ToJson(chassis.CreatedAt),
            "updated_at" => Timestamps.ToJson(chassis.UpdatedAt),
            "description" => chassis.Description,
            "extra" => chassis.Extra.DeepClone(),
            "links" => Links.SelfAndBookmark(baseUrl, $"chassis/{chassis.Uuid}"),
            "nodes" => new JsonArray(Links.SelfAndBookmark(baseUrl, $"chassis/{chassis.Uuid}/nodes")),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a chassis field"),
        });

    private static JsonObject Build(ResourceFields spec, ApiVersion version, IReadOnlyCollection<string>? fields, Func<string, JsonNode?> value)
    {
        var result = new JsonObject();
        foreach (var (name, since) in spec.All)
            if (version.AtLeast(since) && (fields is null || name == "links" || fields.Contains(name)))
                result[name] = value(name);
        return result;
    }
}
