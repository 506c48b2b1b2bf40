using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// Applies Ironic's subset of JSON Patch (add, replace, remove; plain <c>/a/b</c> paths) to a document,
/// one operation at a time, with Ironic's error wording. The document passed in is changed in place.
/// </summary>
public static partial class JsonPatcher
{
    [GeneratedRegex("^(/[\\w-]+)+$")]
    private static partial Regex PathPattern();

    private static readonly HashSet<string> InternalAttributes =
        ["uuid", "id", "created_at", "updated_at", "links", "provision_state", "target_provision_state",
         "power_state", "target_power_state", "reservation", "last_error", "provision_updated_at",
         "console_enabled", "driver_internal_info", "maintenance_reason", "fault", "conductor",
         "inspection_started_at", "inspection_finished_at", "clean_step", "deploy_step", "raid_config",
         "target_raid_config", "allocation_uuid", "boot_mode", "secure_boot"];

    /// <summary>Applies <paramref name="ops"/> to <paramref name="doc"/>; returns an error message or null.</summary>
    public static string? Apply(JsonObject doc, IReadOnlyList<PatchOperation> ops, IReadOnlySet<string> patchableRoots)
    {
        foreach (var op in ops)
        {
            if (op.Op is not ("add" or "replace" or "remove"))
                return $"Invalid patch operation '{op.Op}' in {op.Describe()}: only add, replace and remove are supported.";
            if (!PathPattern().IsMatch(op.Path))
                return $"Invalid patch path '{op.Path}' in {op.Describe()}.";
            if (op.Op != "remove" && !op.HasValue)
                return $"Invalid patch {op.Describe()}: '{op.Op}' needs a 'value'.";

            var segments = op.Path[1..].Split('/');
            var root = segments[0];
            if (InternalAttributes.Contains(root))
                return $"'/{root}' is an internal attribute and can not be updated";
            if (root == "traits")
                return "Cannot update node traits via node patch. Node traits should be updated via the node traits API.";
            if (!patchableRoots.Contains(root))
            {
                if (op.Op == "add" && segments.Length == 1)
                    return $"Adding a new attribute ({op.Path}) to the root of the resource is not allowed";
                return Failed(op, $"can't {op.Op} a non-existent object '{root}'");
            }

            var error = ApplyOne(doc, segments, op);
            if (error is not null)
                return Failed(op, error);
        }
        return null;
    }

    private static string Failed(PatchOperation op, string reason) =>
        $"Couldn't apply patch '{op.Describe()}'. Reason: {reason}";

    private static string? ApplyOne(JsonObject doc, string[] segments, PatchOperation op)
    {
        JsonNode? parent = doc;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            // A missing member on the way is jsonpointer's error, which prints the object it looked in.
            if (parent is JsonObject container && !container.ContainsKey(segments[i]))
                return $"member '{segments[i]}' not found in {PythonText.Of(container)}";
            // Through a list, jsonpointer wants a plain index within it.
            if (parent is JsonArray list)
            {
                if (SequenceIndex(segments[i]) is not { } at)
                    return $"{PythonText.Of(segments[i])} is not a valid sequence index";
                if (at >= list.Count)
                    return $"index '{segments[i]}' is out of bounds";
            }
            parent = parent switch
            {
                JsonObject o when o.TryGetPropertyValue(segments[i], out var child) => child,
                JsonArray a => a[SequenceIndex(segments[i])!.Value],
                _ => null,
            };
            if (parent is null)
                return $"can't {op.Op} a non-existent object '{segments[i]}'";
        }

        var last = segments[^1];
        if (segments.Length == 1)
        {
            // Root keys always exist on the resource: remove resets them, add behaves like replace.
            doc[last] = op.Op == "remove" ? null : op.Value?.DeepClone();
            return null;
        }

        switch (parent)
        {
            case JsonObject o:
                var exists = o.ContainsKey(last);
                if (op.Op is "replace" or "remove" && !exists)
                    return $"can't {op.Op} a non-existent object '{last}'";
                if (op.Op == "remove")
                    o.Remove(last);
                else
                    o[last] = op.Value?.DeepClone();
                return null;
            case JsonArray a when op.Op == "add" && last == "-":
                a.Add(op.Value?.DeepClone()); // RFC 6902: "-" appends
                return null;
            case JsonArray a:
                if (SequenceIndex(last) is not { } index)
                    return $"{PythonText.Of(last)} is not a valid sequence index";
                if (op.Op == "add" && index > a.Count)
                    return "can't insert outside of list";
                if (op.Op == "replace" && index >= a.Count)
                    return "can't replace outside of list";
                if (op.Op == "remove" && index >= a.Count)
                    return $"can't {op.Op} a non-existent object '{last}'";
                if (op.Op == "remove")
                    a.RemoveAt(index);
                else if (op.Op == "replace")
                    a[index] = op.Value?.DeepClone();
                else
                    a.Insert(index, op.Value?.DeepClone());
                return null;
            default:
                return $"can't {op.Op} '{last}' inside a value that is not an object";
        }
    }

    /// <summary>A list index as jsonpointer reads one (0 or digits without a leading zero); null otherwise.</summary>
    private static int? SequenceIndex(string segment) =>
        segment.Length > 0 && segment.All(char.IsAsciiDigit) && (segment == "0" || segment[0] != '0')
            ? int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue
            : null;
}
