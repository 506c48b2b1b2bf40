using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>Validation rules for node field values, worded like Ironic's errors.</summary>
public static partial class FieldRules
{
    /// <summary>
    /// Identifiers that cannot be node names because they are API path words, in Ironic's order (its message lists
    /// them so): the NodesController's sub-controllers by name (inspect.getmembers sorts), then its custom actions.
    /// </summary>
    public static readonly IReadOnlyList<string> ReservedNames =
        ["maintenance", "management", "states", "vendor_passthru", "detail", "validate"];

    [GeneratedRegex("^[A-Za-z0-9\\-._~]{1,255}$")]
    private static partial Regex LogicalName();

    [GeneratedRegex("^[a-zA-Z0-9_\\-.]*$")]
    private static partial Regex ConductorGroupPattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    /// <summary>
    /// How deeply a node's JSON fields (extra, properties, driver_info, ...) may nest. Patches on nested
    /// paths could otherwise grow them without bound, past what the journal's serializer carries.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Levels of objects and arrays in <paramref name="value"/> (a scalar is 0).</summary>
    public static int DepthOf(JsonNode? value) => value switch
    {
        JsonObject o => 1 + o.Select(kv => DepthOf(kv.Value)).DefaultIfEmpty(0).Max(),
        JsonArray a => 1 + a.Select(DepthOf).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    public static bool IsUuidLike(string value) => UuidPattern().IsMatch(value);

    public static bool IsLogicalName(string value) => LogicalName().IsMatch(value) && !IsUuidLike(value);

    /// <summary>
    /// Null when <paramref name="name"/> is acceptable as a node name, else Ironic's error (a create's wording; a
    /// rename prefixes it with "Node &lt;ident&gt;: " and says "Cannot change name to invalid name").
    /// </summary>
    public static string? CheckName(string name, bool renaming = false)
    {
        if (!IsLogicalName(name))
            return renaming ? $"Cannot change name to invalid name '{name}'" : $"Cannot create node with invalid name '{name}'";
        if (ReservedNames.Contains(name))
            return $"The word \"{name}\" is reserved and can not be used as a node name. Reserved words are: {string.Join(", ", ReservedNames)}.";
        return null;
    }

    public static bool IsConductorGroup(string value) => value.Length <= 255 && ConductorGroupPattern().IsMatch(value);

    /// <summary>Canonical lower-case UUID text, or null when <paramref name="value"/> is not a UUID.</summary>
    public static string? NormalizeUuid(string value) =>
        IsUuidLike(value) && Guid.TryParse(value, out var g) ? g.ToString() : null;

    /// <summary>Ironic's wording for a value of the wrong JSON type.</summary>
    public static string WrongType(string field, JsonNode? value, string expected) =>
        $"Invalid input for field/attribute {field}. Value: '{value?.ToJsonString() ?? "None"}'. " +
        $"Wrong type. Expected '{expected}', got '{JsonTypeName(value)}'.";

    public static string JsonTypeName(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "NoneType",
        JsonValueKind.Object => "dict",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "str",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => "int",
        _ => "unknown",
    };
}
