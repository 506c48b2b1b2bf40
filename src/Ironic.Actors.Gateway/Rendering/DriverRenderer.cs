using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's driver object: hosts, links, name, properties links (1.14), type (1.30), and with detail (1.30) the interfaces.</summary>
public static class DriverRenderer
{
    /// <summary>Every key a driver object can have, for validating <c>?fields=</c>.</summary>
    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(
        [.. NodeInterfaces.Types.SelectMany(t => new[] { $"default_{t}_interface", $"enabled_{t}_interfaces" }),
         "hosts", "links", "name", "properties", "type"]);

    public static JsonObject Render(DriverEntry driver, ApiVersion version, string baseUrl, bool detail, IReadOnlyCollection<string>? fields = null)
    {
        var result = new JsonObject();
        if (detail && version.AtLeast(30))
        {
            var types = NodeInterfaces.Types.Where(t => version.AtLeast(InterfaceSince(t))).ToList();
            foreach (var type in types)
                result[$"default_{type}_interface"] = driver.DefaultInterfaces.GetValueOrDefault(type);
            foreach (var type in types)
                result[$"enabled_{type}_interfaces"] = new JsonArray(
                    [.. driver.EnabledInterfaces.GetValueOrDefault(type, []).Select(i => (JsonNode?)JsonValue.Create(i))]);
        }
        result["hosts"] = new JsonArray([.. driver.Hosts.Select(h => (JsonNode?)JsonValue.Create(h))]);
        result["links"] = Links.SelfAndBookmark(baseUrl, $"drivers/{driver.Name}");
        result["name"] = driver.Name;
        if (version.AtLeast(14))
            result["properties"] = Links.SelfAndBookmark(baseUrl, $"drivers/{driver.Name}/properties");
        if (version.AtLeast(30))
            result["type"] = "dynamic";

        if (fields is not null)
            foreach (var key in result.Select(kv => kv.Key).ToList())
                if (key != "links" && !fields.Contains(key))
                    result.Remove(key);
        return result;
    }

    /// <summary>GET /v1/drivers/{name}/properties: driver_info key → description.</summary>
    public static JsonObject RenderProperties(DriverEntry driver)
    {
        var result = new JsonObject();
        foreach (var (key, description) in driver.Properties)
            result[key] = description;
        return result;
    }

    /// <summary>Interface types added after the drivers detail view (1.30): storage 1.33, rescue 1.38, bios 1.40.</summary>
    private static int InterfaceSince(string type) => type switch
    {
        "storage" => 33,
        "rescue" => 38,
        "bios" => 40,
        _ => 30,
    };
}
