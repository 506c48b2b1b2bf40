using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Volumes;

/// <summary>
/// Volume connectors and targets as JSON documents with Ironic's names: POST bodies are read through them and PATCH
/// applies its operations to them, so both pass Ironic 21.4's CONNECTOR_SCHEMA/TARGET_SCHEMA and then its
/// <c>args.uuid</c> checks of node_uuid and uuid, in that order, with jsonschema's wording.
/// </summary>
public static class VolumeDocuments
{
    /// <summary>Root fields a connector PATCH may touch, in the order Ironic lists them.</summary>
    public static readonly IReadOnlyList<string> ConnectorPatchable = ["connector_id", "extra", "node_uuid", "type"];

    /// <summary>Root fields a target PATCH may touch, in the order Ironic lists them.</summary>
    public static readonly IReadOnlyList<string> TargetPatchable = ["boot_index", "extra", "node_uuid", "properties", "volume_id", "volume_type"];

    private static readonly IReadOnlyList<SchemaProperty> ConnectorSchema =
    [
        new("connector_id", ["string"]), new("extra", ["object", "null"]), new("node_uuid", ["string"]),
        new("type", ["string"]), new("uuid", ["string", "null"]),
    ];

    private static readonly string[] ConnectorRequired = ["connector_id", "node_uuid", "type"];

    private static readonly IReadOnlyList<SchemaProperty> TargetSchema =
    [
        new("boot_index", ["integer"]), new("extra", ["object", "null"]), new("node_uuid", ["string"]),
        new("properties", ["object", "null"]), new("volume_id", ["string"]), new("volume_type", ["string"]),
        new("uuid", ["string", "null"]),
    ];

    private static readonly string[] TargetRequired = ["boot_index", "node_uuid", "volume_id", "volume_type"];

    public static JsonObject ToDocument(VolumeConnector c) => new()
    {
        ["connector_id"] = c.ConnectorId, ["extra"] = c.Extra.DeepClone(), ["node_uuid"] = c.NodeId.ToString(), ["type"] = c.Type,
    };

    public static JsonObject ToDocument(VolumeTarget t) => new()
    {
        ["boot_index"] = t.BootIndex, ["extra"] = t.Extra.DeepClone(), ["node_uuid"] = t.NodeId.ToString(),
        ["properties"] = t.Properties.DeepClone(), ["volume_id"] = t.VolumeId, ["volume_type"] = t.VolumeType,
    };

    /// <summary>
    /// Checks <paramref name="doc"/> and reads it over <paramref name="current"/>; a <c>uuid</c> (POST only) replaces the
    /// current one. <paramref name="schemaName"/>: "connector" for POST, "patch" for PATCH.
    /// </summary>
    public static (VolumeConnector? Connector, string? Error) Read(JsonObject doc, VolumeConnector current, string schemaName)
    {
        if (SchemaCheck.Check(doc, schemaName, ConnectorSchema, ConnectorRequired, nullMeansMissing: schemaName == "patch") is { } error)
            return (null, error);
        var (ids, idError) = Identifiers(doc);
        if (idError is not null)
            return (null, idError);
        return (current with
        {
            Uuid = ids.Uuid ?? current.Uuid,
            NodeId = ids.Node,
            Type = SchemaCheck.String(doc, "type")!,
            ConnectorId = SchemaCheck.String(doc, "connector_id")!,
            Extra = SchemaCheck.Object(doc, "extra"),
        }, null);
    }

    /// <summary>The same for a target; <paramref name="schemaName"/> is "target" for POST.</summary>
    public static (VolumeTarget? Target, string? Error) Read(JsonObject doc, VolumeTarget current, string schemaName)
    {
        if (SchemaCheck.Check(doc, schemaName, TargetSchema, TargetRequired, nullMeansMissing: schemaName == "patch") is { } error)
            return (null, error);
        // jsonschema's "integer" is a whole number, never a fraction (SchemaCheck only knows numbers).
        if (WholeNumber(doc["boot_index"]) is null)
            return (null, SchemaCheck.Fail(schemaName, PythonText.NotOfType(doc["boot_index"], "integer")));
        var (ids, idError) = Identifiers(doc);
        if (idError is not null)
            return (null, idError);
        return (current with
        {
            Uuid = ids.Uuid ?? current.Uuid,
            NodeId = ids.Node,
            BootIndex = WholeNumber(doc["boot_index"])!.Value,
            VolumeId = SchemaCheck.String(doc, "volume_id")!,
            VolumeType = SchemaCheck.String(doc, "volume_type")!,
            Properties = SchemaCheck.Object(doc, "properties"),
            Extra = SchemaCheck.Object(doc, "extra"),
        }, null);
    }

    /// <summary>The node_uuid named in a POST body, when it is a UUID (the node to route the request to).</summary>
    public static Guid? NodeOf(JsonObject body) =>
        SchemaCheck.String(body, "node_uuid") is { } text && Nodes.FieldRules.NormalizeUuid(text) is { } uuid ? Guid.Parse(uuid) : null;

    /// <summary>
    /// Ironic checks node_uuid values a PATCH gives before applying it: <c>Expected a UUID for node_uuid, but received X.</c>
    /// </summary>
    public static string? PatchedNodeError(IEnumerable<Nodes.PatchOperation> ops)
    {
        foreach (var op in ops.Where(o => o.Op is "add" or "replace" && o.Path == "/node_uuid"))
        {
            var text = op.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : PythonText.Str(op.Value);
            if (Nodes.FieldRules.NormalizeUuid(text) is null)
                return $"Expected a UUID for node_uuid, but received {text}.";
        }
        return null;
    }

    /// <summary>A JSON number without a fraction (however the value is held), else null.</summary>
    private static long? WholeNumber(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
        long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private static ((Guid Node, Guid? Uuid) Ids, string? Error) Identifiers(JsonObject doc)
    {
        var (node, nodeError) = SchemaCheck.Uuid("node_uuid", SchemaCheck.String(doc, "node_uuid"));
        if (nodeError is not null)
            return (default, nodeError);
        var (uuid, uuidError) = SchemaCheck.Uuid("uuid", SchemaCheck.String(doc, "uuid"));
        return uuidError is not null ? (default, uuidError) : ((node!.Value, uuid), null);
    }
}
