using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Volumes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// Volume connectors and targets as Ironic 21.4 prints them (uuid, created_at, updated_at, the object's fields in
/// alphabetical order, links, node_uuid; recorded from the reference), the <c>/v1/volume</c> link documents, and the
/// masking of secret-looking target properties (oslo's <c>mask_dict_password</c>).
/// </summary>
public static class VolumeRenderer
{
    public static readonly ResourceFields Connector = new(
        "connector",
        [("uuid", 1), ("created_at", 1), ("updated_at", 1), ("connector_id", 1), ("extra", 1), ("type", 1), ("links", 1), ("node_uuid", 1)],
        ["uuid", "node_uuid", "type", "connector_id"],
        new Dictionary<string, int>());

    public static readonly ResourceFields Target = new(
        "target",
        [
            ("uuid", 1), ("created_at", 1), ("updated_at", 1), ("boot_index", 1), ("extra", 1), ("properties", 1), ("volume_id", 1),
            ("volume_type", 1), ("links", 1), ("node_uuid", 1),
        ],
        ["uuid", "node_uuid", "volume_type", "boot_index", "volume_id"],
        new Dictionary<string, int>());

    /// <summary>The connector, or only <paramref name="fields"/> plus links, in the object's own order.</summary>
    public static JsonObject Render(ConnectorView c, string baseUrl, IReadOnlyCollection<string>? fields = null) =>
        Build(Connector, fields, name => name switch
        {
            "uuid" => c.Uuid.ToString(),
            "created_at" => Timestamps.ToJson(c.CreatedAt),
            "updated_at" => Timestamps.ToJson(c.UpdatedAt),
            "connector_id" => c.ConnectorId,
            "extra" => c.Extra.DeepClone(),
            "type" => c.Type,
            "links" => Links.SelfAndBookmark(baseUrl, $"volume/connectors/{c.Uuid}"),
            "node_uuid" => c.NodeId.ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a volume connector field"),
        });

    /// <summary>The target; its properties with secret-looking values shown as <c>******</c>.</summary>
    public static JsonObject Render(TargetView t, string baseUrl, IReadOnlyCollection<string>? fields = null) =>
        Build(Target, fields, name => name switch
        {
            "uuid" => t.Uuid.ToString(),
            "created_at" => Timestamps.ToJson(t.CreatedAt),
            "updated_at" => Timestamps.ToJson(t.UpdatedAt),
            "boot_index" => t.BootIndex,
            "extra" => t.Extra.DeepClone(),
            "properties" => Masked(t.Properties),
            "volume_id" => t.VolumeId,
            "volume_type" => t.VolumeType,
            "links" => Links.SelfAndBookmark(baseUrl, $"volume/targets/{t.Uuid}"),
            "node_uuid" => t.NodeId.ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a volume target field"),
        });

    /// <summary>
    /// <c>GET /v1/volume</c> (<paramref name="node"/> null) or <c>/v1/nodes/{node}/volume</c>: self and bookmark links to
    /// itself (with Ironic's trailing slash), its connectors and its targets.
    /// </summary>
    public static JsonObject Root(string baseUrl, string? node)
    {
        var path = node is null ? "volume/" : $"nodes/{node}/volume/";
        return new JsonObject
        {
            ["links"] = Links.SelfAndBookmark(baseUrl, path),
            ["connectors"] = Links.SelfAndBookmark(baseUrl, path + "connectors"),
            ["targets"] = Links.SelfAndBookmark(baseUrl, path + "targets"),
        };
    }

    /// <summary>A copy of <paramref name="properties"/> with every value whose key looks secret masked, nested objects too.</summary>
    public static JsonObject Masked(JsonObject properties)
    {
        var result = new JsonObject();
        foreach (var (key, value) in properties)
            result[key] = value switch
            {
                JsonObject nested => Masked(nested),
                _ when SecretMasker.LooksSecret(key) => SecretMasker.Mask,
                _ => value?.DeepClone(),
            };
        return result;
    }

    private static JsonObject Build(ResourceFields spec, IReadOnlyCollection<string>? fields, Func<string, JsonNode?> value)
    {
        var result = new JsonObject();
        foreach (var (name, _) in spec.All)
            if (fields is null || name == "links" || fields.Contains(name))
                result[name] = value(name);
        return result;
    }
}
