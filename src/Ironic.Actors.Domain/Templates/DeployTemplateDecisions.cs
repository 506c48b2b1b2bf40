using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Templates;

/// <summary>
/// Pure rules for deploy templates: Ironic 21.4's template schema for POST bodies and patched documents (with
/// jsonschema's wording behind <c>Schema error for template:</c> / <c>patch:</c>), the duplicate-step rule,
/// PATCH, and which templates a deploy of a node uses.
/// </summary>
public static class DeployTemplateDecisions
{
    /// <summary>What a PATCH may name, in the order Ironic lists them in its refusal.</summary>
    public static readonly IReadOnlyList<string> PatchableFields = ["extra", "name", "steps", "description"];

    /// <summary>The interfaces a step may belong to, in Ironic's order.</summary>
    public static readonly IReadOnlyList<string> Interfaces = ["power", "management", "deploy", "bios", "raid"];

    private static readonly IReadOnlyList<SchemaProperty> Schema =
    [
        new("description", ["string", "null"], 255),
        new("extra", ["object", "null"]),
        new("name", ["string"]),
        new("steps", ["array"]),
        new("uuid", ["string", "null"]),
    ];

    private static readonly IReadOnlyList<SchemaProperty> StepSchema =
    [
        new("interface", ["string"]),
        new("step", ["string"]),
        new("args", ["object"]),
        new("priority", ["integer", "string", "boolean", "null", "object", "array"]), // its anyOf is checked by CheckPriority
    ];

    private static readonly IReadOnlySet<string> PatchRoots = new HashSet<string> { "extra", "name", "steps" };

    public static Rejection NotFound(string ident) => Rejection.NotFound($"Deploy template {ident} could not be found.");

    public static Rejection DuplicateName(string name) => Rejection.Conflict($"A deploy template with name {name} already exists.");

    public static Rejection AlreadyExists(Guid uuid) => Rejection.Conflict($"A deploy template with UUID {uuid} already exists.");

    /// <summary>
    /// POST /v1/deploy_templates: the body checked (schema, trait name, steps, duplicates), as a template with
    /// <paramref name="id"/>. Uniqueness of the UUID and name is the caller's (it holds every template).
    /// </summary>
    public static (DeployTemplate? Template, string? Error) Create(JsonObject body, Guid id, DateTimeOffset now)
    {
        if (Check(body, "template", patched: false) is { } error)
            return (null, error);
        return (new DeployTemplate
        {
            Uuid = id,
            Name = SchemaCheck.String(body, "name")!,
            Steps = ReadSteps((JsonArray)body["steps"]!),
            Extra = SchemaCheck.Object(body, "extra"),
            CreatedAt = now,
        }, null);
    }

    /// <summary>
    /// PATCH /v1/deploy_templates/{ident} (name, steps, extra). The template unchanged when the patch changes
    /// nothing. As in Ironic, a change of steps alone leaves <c>updated_at</c> as it was (steps live in their own table).
    /// </summary>
    public static (DeployTemplate? Template, Rejection? Rejection) Patch(DeployTemplate template, IReadOnlyList<PatchOperation> ops, DateTimeOffset now)
    {
        // 21.4 lists description as patchable but templates have no such field yet.
        foreach (var op in ops.Where(o => o.Path.Split('/')[1] == "description"))
            return (null, Rejection.Invalid(op.Op == "add" && op.Path == "/description"
                ? "Adding a new attribute (/description) to the root of the resource is not allowed"
                : $"Couldn't apply patch '{op.Describe()}'. Reason: can't {op.Op} a non-existent object 'description'"));
        var doc = new JsonObject
        {
            ["name"] = template.Name,
            ["steps"] = StepsJson(template.Steps),
            ["extra"] = template.Extra.DeepClone(),
        };
        if (JsonPatcher.Apply(doc, ops, PatchRoots) is { } patchError)
            return (null, Rejection.Invalid(patchError));
        if (Check(doc, "patch", patched: true) is { } error)
            return (null, Rejection.Invalid(error));

        var updated = template with
        {
            Name = SchemaCheck.String(doc, "name")!,
            Steps = ReadSteps((JsonArray)doc["steps"]!),
            Extra = SchemaCheck.Object(doc, "extra"),
        };
        var rowChanged = updated.Name != template.Name || !JsonNode.DeepEquals(updated.Extra, template.Extra);
        if (!rowChanged && updated.Steps.SequenceEqual(template.Steps, StepComparer.Instance))
            return (template, null);
        return (rowChanged ? updated with { UpdatedAt = now } : updated, null);
    }

    /// <summary>The steps as the API shows them: interface, step, args, priority.</summary>
    public static JsonArray StepsJson(IEnumerable<DeployStep> steps) =>
        new([.. steps.Select(s => (JsonNode?)new JsonObject
        {
            ["interface"] = s.Interface,
            ["step"] = s.Step,
            ["args"] = s.Args.DeepClone(),
            ["priority"] = s.Priority,
        })]);

    /// <summary>
    /// The templates a deploy of a node uses: those named by a trait of the instance (<c>instance_info.traits</c>),
    /// in the order of those traits. Traits that name no template are ignored, as Ironic does.
    /// </summary>
    public static IReadOnlyList<DeployTemplate> ForInstance(JsonObject instanceInfo, IEnumerable<DeployTemplate> templates)
    {
        if (instanceInfo["traits"] is not JsonArray traits)
            return [];
        var byName = templates.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return traits
            .Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            .OfType<string>().Distinct()
            .Select(byName.GetValueOrDefault).OfType<DeployTemplate>()
            .ToList();
    }

    /// <summary>The whole schema check of a body or patched document, then the duplicate-step rule; null when it passes.</summary>
    private static string? Check(JsonObject doc, string schemaName, bool patched)
    {
        if (SchemaCheck.Check(doc, schemaName, Schema, ["name", "steps"], nullMeansMissing: patched) is { } error)
            return error;
        if (TraitRules.Check(SchemaCheck.String(doc, "name")!) is { } nameError)
            return SchemaCheck.Fail(schemaName, nameError);
        var steps = (JsonArray)doc["steps"]!;
        if (steps.Count == 0)
            return SchemaCheck.Fail(schemaName, "[] is too short");
        foreach (var step in steps)
            if (CheckStep(step) is { } stepError)
                return SchemaCheck.Fail(schemaName, stepError);
        var duplicates = steps.OfType<JsonObject>()
            .GroupBy(s => (Interface: s["interface"]!.GetValue<string>(), Step: s["step"]!.GetValue<string>()))
            .Where(g => g.Count() > 1).Select(g => $"interface: {g.Key.Interface}, step: {g.Key.Step}").ToList();
        return duplicates.Count == 0
            ? null
            : "Deploy template invalid: Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same " +
              $"interface and step. Duplicates: {string.Join("; ", duplicates)}.";
    }

    private static string? CheckStep(JsonNode? node)
    {
        if (node is not JsonObject step)
            return PythonText.NotOfType(node, "object");
        if (SchemaCheck.Check(step, "x", StepSchema, ["interface", "step", "args", "priority"]) is { } error)
            return error["Schema error for x: ".Length..];
        var iface = step["interface"]!.GetValue<string>();
        if (!Interfaces.Contains(iface))
            return $"{PythonText.Of(iface)} is not one of [{string.Join(", ", Interfaces.Select(PythonText.Of))}]";
        var name = step["step"]!.GetValue<string>();
        if (name.Length == 0)
            return "'' is too short";
        return CheckPriority(step["priority"]);
    }

    /// <summary>anyOf: an integer of at least 0, or a string of digits.</summary>
    private static string? CheckPriority(JsonNode? priority)
    {
        if (priority is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            return text.Length > 0 && text.All(char.IsAsciiDigit) ? null : $"{PythonText.Of(text)} does not match '^[0-9]+$'";
        }
        if (priority is JsonValue n && n.GetValueKind() == JsonValueKind.Number && IntegerOf(n) is { } number)
            return number < 0 ? $"{n.ToJsonString()} is less than the minimum of 0" : null;
        return $"{PythonText.Of(priority)} is not valid under any of the given schemas. Possible root cause: {PythonText.Of(priority)} is not of type 'integer'";
    }

    private static ImmutableArray<DeployStep> ReadSteps(JsonArray steps) =>
        [.. steps.OfType<JsonObject>().Select(s => new DeployStep(
            s["interface"]!.GetValue<string>(),
            s["step"]!.GetValue<string>(),
            (JsonObject)s["args"]!.DeepClone(),
            ReadPriority(s["priority"]!)))];

    private static int ReadPriority(JsonNode priority)
    {
        var value = (JsonValue)priority;
        if (value.GetValueKind() == JsonValueKind.String)
            return int.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;
        return (int)Math.Clamp(IntegerOf(value) ?? 0, 0, int.MaxValue);
    }

    /// <summary>A JSON number's value when it is whole (1 and 1.0 alike, as jsonschema's integer); null otherwise.</summary>
    private static decimal? IntegerOf(JsonValue number) =>
        decimal.TryParse(number.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d)
            ? d
            : null;

    private sealed class StepComparer : IEqualityComparer<DeployStep>
    {
        public static readonly StepComparer Instance = new();

        public bool Equals(DeployStep? a, DeployStep? b) =>
            a is not null && b is not null && a.Interface == b.Interface && a.Step == b.Step && a.Priority == b.Priority && JsonNode.DeepEquals(a.Args, b.Args);

        public int GetHashCode(DeployStep s) => HashCode.Combine(s.Interface, s.Step, s.Priority);
    }
}
