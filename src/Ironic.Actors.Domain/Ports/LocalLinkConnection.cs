using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// A port's <c>local_link_connection</c> (API 1.19): how it is cabled to a switch. Valid forms, as in Ironic:
/// empty; <c>port_id</c> + <c>switch_id</c>; <c>port_id</c> + <c>hostname</c> (smart NICs); or
/// <c>network_type: unmanaged</c> (1.64). Only string values and the five known keys; <c>switch_id</c> must be a
/// MAC address or an OpenFlow datapath id and is stored lower case.
/// </summary>
public static class LocalLinkConnection
{
    public static readonly IReadOnlyList<string> Keys = ["port_id", "switch_id", "hostname", "switch_info", "network_type"];

    /// <summary>The checked and normalized value, or Ironic's error.</summary>
    public static (JsonObject? Value, string? Error) Validate(JsonObject value)
    {
        if (!IsValid(value))
            return (null, SchemaCheck.Fail("local_link_connection", $"{PythonText.Of(value)} is not valid under any of the given schemas"));
        var normalized = (JsonObject)value.DeepClone();
        if (SchemaCheck.String(normalized, "switch_id") is { } switchId)
        {
            var id = MacAddress.Normalize(switchId) ?? MacAddress.NormalizeDatapathId(switchId);
            if (id is null)
                return (null, $"Expected a MAC address or OpenFlow datapath ID but received {switchId}.");
            normalized["switch_id"] = id;
        }
        return (normalized, null);
    }

    /// <summary>Whether a smart NIC port's connection names its <c>port_id</c> and <c>hostname</c>.</summary>
    public static bool FitsSmartNic(JsonObject value) =>
        SchemaCheck.String(value, "port_id") is not null && SchemaCheck.String(value, "hostname") is not null;

    private static bool IsValid(JsonObject value)
    {
        if (value.Count == 0)
            return true;
        if (value.Any(kv => !Keys.Contains(kv.Key) || !PythonText.HasType(kv.Value, "string")))
            return false;
        var networkType = SchemaCheck.String(value, "network_type");
        if (networkType is not (null or "managed" or "unmanaged"))
            return false;
        bool Has(string key) => value.ContainsKey(key);
        return (Has("port_id") && Has("switch_id")) || (Has("port_id") && Has("hostname")) || networkType == "unmanaged";
    }
}
