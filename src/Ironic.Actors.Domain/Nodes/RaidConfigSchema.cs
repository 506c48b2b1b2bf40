using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// Checks a target RAID configuration (<c>{"logical_disks": [...]}</c>) against Ironic's RAID configuration schema
/// (JSON Schema draft 4) and its one-root-volume rule. When the configuration breaks several rules, the one reported
/// is the one Python's jsonschema picks (its <c>best_match</c>: the error highest up in the document, a failed
/// <c>anyOf</c> explained by its most telling branch), so that the message reads exactly like Ironic's.
/// </summary>
public static class RaidConfigSchema
{
    /// <summary>Ironic's RAID levels, in its order.</summary>
    public static readonly IReadOnlyList<string> RaidLevels = ["JBOD", "0", "1", "2", "5", "6", "1+0", "5+0", "6+0"];

    public static readonly IReadOnlyList<string> DiskTypes = ["hdd", "ssd"];
    public static readonly IReadOnlyList<string> InterfaceTypes = ["sata", "scsi", "sas"];

    /// <summary>The keys a logical disk may have, in the schema's order.</summary>
    public static readonly IReadOnlyList<string> LogicalDiskKeys =
    [
        "raid_level", "size_gb", "volume_name", "is_root_volume", "share_physical_disks", "disk_type", "interface_type",
        "number_of_physical_disks", "controller", "physical_disks",
    ];

    private static readonly string[] RequiredDiskKeys = ["raid_level", "size_gb"];

    /// <summary>Null when <paramref name="config"/> is a valid RAID configuration, else Ironic's message.</summary>
    public static string? Check(JsonObject config)
    {
        var errors = new List<Error>();
        CheckRoot(config, errors);
        if (BestMatch(errors) is { } best)
            return $"RAID config validation error: {best.Message}";

        var roots = ((JsonArray)config["logical_disks"]!).Count(d => d is JsonObject o && o["is_root_volume"]?.GetValueKind() == JsonValueKind.True);
        return roots > 1 ? $"Raid config cannot have more than one root volume. {roots} root volumes were specified" : null;
    }

    /// <summary>
    /// One schema violation: its message, how deep in the document it is (relative to the schema it was found by),
    /// whether it is an <c>anyOf</c> (a weak match), whether the value is not even of the schema's type, and for an
    /// <c>anyOf</c> the errors of its branches.
    /// </summary>
    private sealed record Error(string Message, int Depth, bool Weak, bool WrongType, IReadOnlyList<Error> Branches)
    {
        public Error At(int levels) => this with { Depth = Depth + levels };
    }

    private static Error Fail(string message, bool wrongType = false) => new(message, 0, false, wrongType, []);

    // jsonschema's relevance: shallower first, then strong before weak, then values of the wrong type.
    private static (int, bool, bool) Relevance(Error e) => (-e.Depth, !e.Weak, e.WrongType);

    private static int Compare(Error a, Error b) => Relevance(a).CompareTo(Relevance(b));

    /// <summary>jsonschema's <c>best_match</c>: the most relevant error, then down into anyOf branches while one stands out.</summary>
    private static Error? BestMatch(IReadOnlyList<Error> errors)
    {
        if (errors.Count == 0)
            return null;
        var best = errors[0];
        foreach (var e in errors.Skip(1))
            if (Compare(e, best) > 0)
                best = e;
        while (best.Branches.Count > 0)
        {
            var ordered = best.Branches.OrderBy(e => Relevance(e)).ToList(); // stable, as heapq.nsmallest
            if (ordered.Count >= 2 && Compare(ordered[0], ordered[1]) == 0)
                return best;
            best = ordered[0];
        }
        return best;
    }

    private static void CheckRoot(JsonObject config, List<Error> errors)
    {
        if (config.TryGetPropertyValue("logical_disks", out var disks))
            errors.AddRange(CheckDiskList(disks).Select(e => e.At(1)));
        if (!config.ContainsKey("logical_disks"))
            errors.Add(Fail(Required("logical_disks")));
        if (Additional(config, ["logical_disks"]) is { } extra)
            errors.Add(Fail(extra));
    }

    private static IEnumerable<Error> CheckDiskList(JsonNode? disks)
    {
        if (disks is not JsonArray list)
        {
            yield return Fail(PythonText.NotOfType(disks, "array"), wrongType: true);
            yield break;
        }
        for (var i = 0; i < list.Count; i++)
            foreach (var e in CheckDisk(list[i]))
                yield return e.At(1);
        if (list.Count < 1)
            yield return Fail($"{PythonText.Of(list)} is too short");
    }

    private static IEnumerable<Error> CheckDisk(JsonNode? disk)
    {
        if (disk is not JsonObject fields)
        {
            yield return Fail(PythonText.NotOfType(disk, "object"), wrongType: true);
            yield break;
        }
        foreach (var key in LogicalDiskKeys)
            if (fields.TryGetPropertyValue(key, out var value))
                foreach (var e in CheckDiskField(key, value))
                    yield return e.At(1);
        foreach (var key in RequiredDiskKeys)
            if (!fields.ContainsKey(key))
                yield return Fail(Required(key));
        if (Additional(fields, LogicalDiskKeys) is { } extra)
            yield return Fail(extra);
        if (fields.ContainsKey("physical_disks") && !fields.ContainsKey("controller"))
            yield return Fail("'controller' is a dependency of 'physical_disks'");
    }

    private static IEnumerable<Error> CheckDiskField(string key, JsonNode? value) => key switch
    {
        "raid_level" => StringOf(value, RaidLevels),
        "size_gb" => AnyOf(value, IntegerAtLeast(value, 0, exclusive: false), StringOf(value, ["MAX"])),
        "disk_type" => StringOf(value, DiskTypes),
        "interface_type" => StringOf(value, InterfaceTypes),
        "is_root_volume" or "share_physical_disks" => OfType(value, "boolean"),
        "number_of_physical_disks" => IntegerAtLeast(value, 0, exclusive: true),
        "physical_disks" => AnyOf(value, ArrayOf(value, "string", minItems: 0), ArrayOf(value, "object", minItems: 2)),
        _ => OfType(value, "string"), // volume_name, controller
    };

    private static IEnumerable<Error> AnyOf(JsonNode? value, params IEnumerable<Error>[] branches)
    {
        var results = branches.Select(b => b.ToList()).ToList();
        if (results.Any(r => r.Count == 0))
            return [];
        // An anyOf schema has no type of its own, which jsonschema counts as "the value is not of its type".
        return [new Error($"{PythonText.Of(value)} is not valid under any of the given schemas", 0, true, true, [.. results.SelectMany(r => r)])];
    }

    private static IEnumerable<Error> OfType(JsonNode? value, string type)
    {
        if (!IsType(value, type))
            yield return Fail(PythonText.NotOfType(value, type), wrongType: true);
    }

    /// <summary>{"type": "string", "enum": [...]}: both rules are checked, in that order.</summary>
    private static IEnumerable<Error> StringOf(JsonNode? value, IReadOnlyList<string> allowed)
    {
        var isString = IsType(value, "string");
        if (!isString)
            yield return Fail(PythonText.NotOfType(value, "string"), wrongType: true);
        if (!isString || !allowed.Contains(value!.GetValue<string>()))
            yield return Fail($"{PythonText.Of(value)} is not one of [{string.Join(", ", allowed.Select(PythonText.Of))}]", wrongType: !isString);
    }

    /// <summary>{"type": "integer", "minimum": n (, "exclusiveMinimum": true)}: the minimum applies to any number.</summary>
    private static IEnumerable<Error> IntegerAtLeast(JsonNode? value, long minimum, bool exclusive)
    {
        var isInteger = IsType(value, "integer");
        if (!isInteger)
            yield return Fail(PythonText.NotOfType(value, "integer"), wrongType: true);
        if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<double>(out var n)
            && (exclusive ? n <= minimum : n < minimum))
            yield return Fail($"{PythonText.Of(value)} is less than {(exclusive ? "or equal to " : "")}the minimum of {minimum}", wrongType: !isInteger);
    }

    /// <summary>{"type": "array", "items": {"type": itemType} (, "minItems": n)}.</summary>
    private static IEnumerable<Error> ArrayOf(JsonNode? value, string itemType, int minItems)
    {
        if (value is not JsonArray list)
        {
            yield return Fail(PythonText.NotOfType(value, "array"), wrongType: true);
            yield break;
        }
        foreach (var item in list)
            if (!IsType(item, itemType))
                yield return Fail(PythonText.NotOfType(item, itemType), wrongType: true).At(1);
        if (list.Count < minItems)
            yield return Fail($"{PythonText.Of(list)} is too short");
    }

    /// <summary>Draft 4 types: an integer is a number written without a fraction or exponent (Python's json gives those floats).</summary>
    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString().All(c => c is '-' or (>= '0' and <= '9')),
        _ => PythonText.HasType(value, type),
    };

    private static string Required(string key) => $"{PythonText.Of(key)} is a required property";

    private static string? Additional(JsonObject fields, IReadOnlyList<string> known)
    {
        var extra = fields.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList();
        return extra.Count == 0
            ? null
            : $"Additional properties are not allowed ({string.Join(", ", extra.Select(PythonText.Of))} {(extra.Count == 1 ? "was" : "were")} unexpected)";
    }
}
