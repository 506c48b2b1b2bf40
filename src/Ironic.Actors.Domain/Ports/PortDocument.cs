using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// A port's user-writable fields as a JSON document with Ironic's names. POST bodies are read through it and
/// PATCH applies its operations to it, so both go through Ironic's port schema and field validators, in
/// Ironic's order (schema; then address, node_uuid, is_smartnic, local_link_connection, portgroup_uuid,
/// pxe_enabled, uuid).
/// </summary>
public static class PortDocument
{
    /// <summary>Root fields a PATCH may touch, in the order Ironic lists them in its error.</summary>
    public static readonly IReadOnlyList<string> PatchableFields =
        ["address", "extra", "is_smartnic", "local_link_connection", "node_uuid", "physical_network", "portgroup_uuid", "pxe_enabled"];

    /// <summary>Ironic's PORT_SCHEMA.</summary>
    public static readonly IReadOnlyList<SchemaProperty> Schema =
    [
        new("address", ["string"]),
        new("extra", ["object", "null"]),
        new("is_smartnic", ["string", "boolean", "null"]),
        new("local_link_connection", ["null", "object"]),
        new("node_uuid", ["string"]),
        new("physical_network", ["string", "null"], 64),
        new("portgroup_uuid", ["string", "null"]),
        new("pxe_enabled", ["string", "boolean", "null"]),
        new("uuid", ["string", "null"]),
    ];

    private static readonly string[] Required = ["address", "node_uuid"];

    /// <summary>The patchable part of <paramref name="port"/> (copies).</summary>
    public static JsonObject ToDocument(Port port) => new()
    {
        ["address"] = port.Address,
        ["extra"] = port.Extra.DeepClone(),
        ["is_smartnic"] = port.IsSmartnic,
        ["local_link_connection"] = port.LocalLinkConnection.DeepClone(),
        ["node_uuid"] = port.NodeId.ToString(),
        ["physical_network"] = port.PhysicalNetwork,
        ["portgroup_uuid"] = port.PortgroupId?.ToString(),
        ["pxe_enabled"] = port.PxeEnabled,
    };

    /// <summary>
    /// Checks <paramref name="doc"/> and reads it over <paramref name="current"/>. A <c>uuid</c> in the document
    /// (POST only) replaces the current one. <paramref name="schemaName"/> is "port" for POST, "patch" for PATCH.
    /// </summary>
    public static (Port? Port, string? Error) Read(JsonObject doc, Port current, string schemaName)
    {
        if (SchemaCheck.Check(doc, schemaName, Schema, Required, nullMeansMissing: schemaName == "patch") is { } schemaError)
            return (null, schemaError);

        var addressText = SchemaCheck.String(doc, "address")!;
        if (MacAddress.Normalize(addressText) is not { } address)
            return (null, MacAddress.Invalid("address", addressText));
        var (nodeId, nodeError) = SchemaCheck.Uuid("node_uuid", SchemaCheck.String(doc, "node_uuid"));
        if (nodeError is not null)
            return (null, nodeError);
        var (smartNic, smartNicError) = PythonText.Boolean("is_smartnic", doc["is_smartnic"]);
        if (smartNicError is not null)
            return (null, smartNicError);
        var localLink = SchemaCheck.Object(doc, "local_link_connection");
        var (link, linkError) = LocalLinkConnection.Validate(localLink);
        if (linkError is not null)
            return (null, linkError);
        var (portgroupId, portgroupError) = SchemaCheck.Uuid("portgroup_uuid", SchemaCheck.String(doc, "portgroup_uuid"));
        if (portgroupError is not null)
            return (null, portgroupError);
        var (pxe, pxeError) = PythonText.Boolean("pxe_enabled", doc["pxe_enabled"]);
        if (pxeError is not null)
            return (null, pxeError);
        var (uuid, uuidError) = SchemaCheck.Uuid("uuid", SchemaCheck.String(doc, "uuid"));
        if (uuidError is not null)
            return (null, uuidError);

        return (current with
        {
            Uuid = uuid ?? current.Uuid,
            NodeId = nodeId!.Value,
            Address = address,
            Extra = SchemaCheck.Object(doc, "extra"),
            IsSmartnic = smartNic ?? false,
            LocalLinkConnection = link!,
            PhysicalNetwork = SchemaCheck.String(doc, "physical_network"),
            PortgroupId = portgroupId,
            PxeEnabled = pxe ?? true,
        }, null);
    }
}
