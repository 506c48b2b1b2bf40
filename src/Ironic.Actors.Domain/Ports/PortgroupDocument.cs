using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// A portgroup's user-writable fields as a JSON document with Ironic's names, read through Ironic's portgroup
/// schema and validators (address, node_uuid, standalone_ports_supported, uuid). Whether a name is a valid
/// logical name depends on the API version, so the gateway checks that.
/// </summary>
public static class PortgroupDocument
{
    /// <summary>Root fields a PATCH may touch, in Ironic's order.</summary>
    public static readonly IReadOnlyList<string> PatchableFields =
        ["address", "extra", "mode", "name", "node_uuid", "properties", "standalone_ports_supported"];

    /// <summary>Ironic's PORTGROUP_SCHEMA.</summary>
    public static readonly IReadOnlyList<SchemaProperty> Schema =
    [
        new("address", ["string", "null"]),
        new("extra", ["object", "null"]),
        new("mode", ["string", "null"]),
        new("name", ["string", "null"]),
        new("node_uuid", ["string"]),
        new("properties", ["object", "null"]),
        new("standalone_ports_supported", ["string", "boolean", "null"]),
        new("uuid", ["string", "null"]),
    ];

    private static readonly string[] Required = ["node_uuid"];

    public static JsonObject ToDocument(Portgroup portgroup) => new()
    {
        ["address"] = portgroup.Address,
        ["extra"] = portgroup.Extra.DeepClone(),
        ["mode"] = portgroup.Mode,
        ["name"] = portgroup.Name,
        ["node_uuid"] = portgroup.NodeId.ToString(),
        ["properties"] = portgroup.Properties.DeepClone(),
        ["standalone_ports_supported"] = portgroup.StandalonePortsSupported,
    };

    /// <summary>
    /// Checks <paramref name="doc"/> and reads it over <paramref name="current"/>. On create
    /// (<paramref name="schemaName"/> "portgroup") an empty mode becomes <see cref="Portgroup.DefaultMode"/>.
    /// </summary>
    public static (Portgroup? Portgroup, string? Error) Read(JsonObject doc, Portgroup current, string schemaName)
    {
        var isCreate = schemaName != "patch";
        if (SchemaCheck.Check(doc, schemaName, Schema, Required, nullMeansMissing: !isCreate) is { } schemaError)
            return (null, schemaError);

        string? address = null;
        if (SchemaCheck.String(doc, "address") is { } addressText)
        {
            address = MacAddress.Normalize(addressText);
            if (address is null)
                return (null, MacAddress.Invalid("address", addressText));
        }
        var (nodeId, nodeError) = SchemaCheck.Uuid("node_uuid", SchemaCheck.String(doc, "node_uuid"));
        if (nodeError is not null)
            return (null, nodeError);
        var (standalone, standaloneError) = PythonText.Boolean("standalone_ports_supported", doc["standalone_ports_supported"]);
        if (standaloneError is not null)
            return (null, standaloneError);
        var (uuid, uuidError) = SchemaCheck.Uuid("uuid", SchemaCheck.String(doc, "uuid"));
        if (uuidError is not null)
            return (null, uuidError);

        var mode = SchemaCheck.String(doc, "mode");
        if (isCreate && string.IsNullOrEmpty(mode))
            mode = Portgroup.DefaultMode;
        return (current with
        {
            Uuid = uuid ?? current.Uuid,
            NodeId = nodeId!.Value,
            Address = address,
            Extra = SchemaCheck.Object(doc, "extra"),
            Mode = mode,
            Name = SchemaCheck.String(doc, "name"),
            Properties = SchemaCheck.Object(doc, "properties"),
            StandalonePortsSupported = standalone ?? true,
        }, null);
    }
}
