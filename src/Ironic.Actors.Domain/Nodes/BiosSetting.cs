using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// One cached BIOS setting of a node (Ironic's <c>bios_settings</c> row): its name and value, and the attribute
/// registry's description of it (API 1.74) where the bios interface knows one. <see cref="CreatedAt"/> and
/// <see cref="UpdatedAt"/> are set when the setting is stored (<see cref="BiosSettings.Sync"/>).
/// </summary>
public sealed record BiosSetting(string Name, string? Value)
{
    public string? AttributeType { get; init; }
    public IReadOnlyList<string>? AllowableValues { get; init; }
    public long? LowerBound { get; init; }
    public long? MaxLength { get; init; }
    public long? MinLength { get; init; }
    public bool? ReadOnly { get; init; }
    public bool? ResetRequired { get; init; }
    public bool? Unique { get; init; }
    public long? UpperBound { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Pure rules for a node's cached BIOS settings, as Ironic keeps them.</summary>
public static class BiosSettings
{
    /// <summary>
    /// The cache after a bios interface reported <paramref name="given"/> as the node's settings at <paramref name="now"/>
    /// (Ironic's <c>BIOSSettingList.sync_node_setting</c>): a setting not cached before is created; one whose value
    /// changed is replaced (registry fields too) and gets <c>updated_at</c>; one whose value is the same is left as it
    /// was; a cached setting not in <paramref name="given"/> is removed. Sorted by name, as Ironic lists them.
    /// </summary>
    public static IReadOnlyList<BiosSetting> Sync(IReadOnlyList<BiosSetting> current, IReadOnlyList<BiosSetting> given, DateTimeOffset now)
    {
        var before = current.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var after = new Dictionary<string, BiosSetting>(StringComparer.Ordinal);
        foreach (var setting in given)
        {
            if (!before.TryGetValue(setting.Name, out var old))
                after[setting.Name] = setting with { CreatedAt = now, UpdatedAt = null };
            else if (old.Value != setting.Value)
                after[setting.Name] = setting with { CreatedAt = old.CreatedAt, UpdatedAt = now };
            else
                after[setting.Name] = old;
        }
        return after.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Reads the <c>settings</c> argument of a <c>bios.apply_configuration</c> step: a list of objects with <c>name</c>
    /// and <c>value</c> and, optionally, the registry fields. Returns the settings, or the error Ironic's step fails with
    /// (its Python error text: a missing key is named in quotes, as a <c>KeyError</c> prints).
    /// </summary>
    public static (IReadOnlyList<BiosSetting>? Settings, string? Error) Parse(JsonNode? settings)
    {
        if (settings is null)
            return (null, "'settings'");
        if (settings is not JsonArray list)
        {
            // Ironic's fake iterates what it was given and indexes each item by 'name': a string or a mapping yields strings.
            if (settings is JsonObject { Count: 0 })
                return ([], null);
            return (null, settings is JsonObject || settings.GetValueKind() == JsonValueKind.String
                ? NotSubscriptable(JsonValue.Create("x"))
                : $"'{PythonType(settings)}' object is not iterable");
        }
        var parsed = new List<BiosSetting>();
        foreach (var item in list)
        {
            if (item is not JsonObject o)
                return (null, NotSubscriptable(item));
            if (!o.ContainsKey("name"))
                return (null, "'name'");
            if (!o.ContainsKey("value"))
                return (null, "'value'");
            parsed.Add(new BiosSetting(Text(o["name"]) ?? "", Text(o["value"]))
            {
                AttributeType = Text(o["attribute_type"]),
                AllowableValues = o["allowable_values"] is JsonArray values ? values.Select(v => Text(v) ?? "").ToList() : null,
                LowerBound = Number(o["lower_bound"]),
                MaxLength = Number(o["max_length"]),
                MinLength = Number(o["min_length"]),
                ReadOnly = Flag(o["read_only"]),
                ResetRequired = Flag(o["reset_required"]),
                Unique = Flag(o["unique"]),
                UpperBound = Number(o["upper_bound"]),
            });
        }
        return (parsed, null);
    }

    /// <summary>Python's words for <c>item['name']</c> on something that is not a mapping (Python 3.11, Ironic 21.4's on Debian).</summary>
    private static string NotSubscriptable(JsonNode? item) => item switch
    {
        null => "'NoneType' object is not subscriptable",
        JsonArray => "list indices must be integers or slices, not str",
        _ when item.GetValueKind() == JsonValueKind.String => "string indices must be integers, not 'str'",
        _ => $"'{PythonType(item)}' object is not subscriptable",
    };

    private static string PythonType(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => node.ToJsonString().Contains('.') || node.ToJsonString().Contains('e') ? "float" : "int",
        JsonValueKind.String => "str",
        JsonValueKind.Array => "list",
        _ => "dict",
    };

    /// <summary>
    /// A JSON value as the text Ironic's string column gives back (its reference set-up, SQLite): strings as they are,
    /// booleans as 1 and 0, numbers and other values as JSON.
    /// </summary>
    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "1" : "0",
        _ => value.ToJsonString(),
    };

    private static long? Number(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    private static bool? Flag(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}
