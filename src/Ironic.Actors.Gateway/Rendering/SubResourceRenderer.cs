using System.Text.Json.Nodes;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's JSON for a node's validation, boot device and vendor passthru methods.</summary>
public static class SubResourceRenderer
{
    /// <summary>GET /validate: <c>{"&lt;interface&gt;": {"result": bool[, "reason": str]}}</c>; the reason only when false.</summary>
    public static JsonObject Validation(DriverCallReplies.ValidationReport report)
    {
        var result = new JsonObject();
        foreach (var entry in report.Interfaces)
        {
            var item = new JsonObject { ["result"] = entry.Result };
            if (!entry.Result)
                item["reason"] = entry.Reason ?? "";
            result[entry.Interface] = item;
        }
        return result;
    }

    /// <summary>GET /management/boot_device.</summary>
    public static JsonObject BootDevice(DriverCallReplies.BootDevice device) =>
        new() { ["boot_device"] = device.Device, ["persistent"] = device.Persistent };

    /// <summary>GET /management/boot_device/supported.</summary>
    public static JsonObject SupportedBootDevices(DriverCallReplies.SupportedBootDevices supported) =>
        new() { ["supported_boot_devices"] = new JsonArray([.. supported.Devices.Select(d => (JsonNode?)JsonValue.Create(d))]) };

    /// <summary>GET /vendor_passthru/methods: method name → its metadata, in the order Ironic lists the keys.</summary>
    public static JsonObject VendorMethods(DriverCallReplies.VendorMethods methods)
    {
        var result = new JsonObject();
        foreach (var method in methods.Methods)
            result[method.Name] = new JsonObject
            {
                ["http_methods"] = new JsonArray([.. method.HttpMethods.Select(m => (JsonNode?)JsonValue.Create(m))]),
                ["async"] = method.Async,
                ["description"] = method.Description,
                ["attach"] = method.Attach,
                ["require_exclusive_lock"] = method.RequireExclusiveLock,
            };
        return result;
    }

    /// <summary>GET /states/console: <c>{"console_enabled": bool, "console_info": {...} or null}</c>.</summary>
    public static JsonObject Console(DriverCallReplies.ConsoleState state) => new()
    {
        ["console_enabled"] = state.Enabled,
        ["console_info"] = state.Info?.DeepClone(),
    };

    /// <summary>GET /traits.</summary>
    public static JsonObject Traits(IEnumerable<string> traits) =>
        new() { ["traits"] = new JsonArray([.. traits.Select(t => (JsonNode?)JsonValue.Create(t))]) };
}
