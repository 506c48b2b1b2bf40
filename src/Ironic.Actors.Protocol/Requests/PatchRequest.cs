using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>
/// A PATCH body read once, as Ironic's <c>args.patch</c> schema reads it: the operations the patch commands carry
/// to the actor that applies them, and what the gateway asks of them first (the fields touched, the values given).
/// Not a message: only <see cref="Operations"/> travels.
/// </summary>
public sealed partial record PatchRequest(IReadOnlyList<PatchOperation> Operations)
{
    [GeneratedRegex("^(/[\\w-]+)+$")]
    private static partial Regex PatchPath();

    /// <summary>
    /// An array of <c>{"op", "path"[, "value"]}</c> whose paths name only <paramref name="patchable"/> root fields
    /// (Ironic's "Cannot patch" otherwise; null: the resource checks its fields itself, after looking the object up,
    /// as Ironic's volume controllers do). The error is Ironic's 400 message.
    /// </summary>
    public static (PatchRequest? Patch, string? Error) Read(JsonNode? body, IReadOnlyList<string>? patchable)
    {
        if (body is not JsonArray array)
            return Fail(PythonText.NotOfType(body, "array"));
        var operations = new List<PatchOperation>();
        foreach (var item in array)
        {
            if (item is not JsonObject op)
                return Fail(PythonText.NotOfType(item, "object"));
            if (op.Select(kv => kv.Key).Where(k => k is not ("op" or "path" or "value")).ToList() is { Count: > 0 } extra)
                return Fail($"Additional properties are not allowed ({string.Join(", ", extra.Select(PythonText.Of))} {(extra.Count == 1 ? "was" : "were")} unexpected)");
            foreach (var required in new[] { "op", "path" })
                if (!op.ContainsKey(required))
                    return Fail($"{PythonText.Of(required)} is a required property");
            if (!PythonText.HasType(op["path"], "string"))
                return Fail(PythonText.NotOfType(op["path"], "string"));
            if (!PythonText.HasType(op["op"], "string"))
                return Fail(PythonText.NotOfType(op["op"], "string"));
            var path = op["path"]!.GetValue<string>();
            var verb = op["op"]!.GetValue<string>();
            if (!PatchPath().IsMatch(path))
                return Fail($"{PythonText.Of(path)} does not match {PythonText.Of("^(/[\\w-]+)+$")}");
            if (verb is not ("add" or "replace" or "remove"))
                return Fail($"{PythonText.Of(verb)} is not one of ['add', 'replace', 'remove']");
            operations.Add(new PatchOperation(verb, path, op["value"]?.DeepClone(), op.ContainsKey("value")));
        }
        foreach (var op in operations)
            if (patchable is not null && !patchable.Contains(op.Path.Split('/')[1]))
                return (null, $"Cannot patch {op.Path}. Only the following can be updated: {string.Join(", ", patchable)}");
        return (new PatchRequest(operations), null);

        static (PatchRequest?, string?) Fail(string message) => (null, SchemaCheck.Fail("patch", message));
    }

    /// <summary>Root fields the patch adds, replaces or removes.</summary>
    public IEnumerable<string> Touched() => Operations.Select(o => o.Path.Split('/')[1]).Distinct();

    /// <summary>Values the patch gives <paramref name="path"/> with add or replace (Ironic's get_patch_values).</summary>
    public IEnumerable<JsonNode?> ValuesOf(string path) =>
        Operations.Where(o => o.Op is "add" or "replace" && o.Path == path).Select(o => o.Value);
}
