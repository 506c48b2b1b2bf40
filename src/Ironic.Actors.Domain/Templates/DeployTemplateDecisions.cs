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
    /// POST /v1/deploy_templates: the body (a JSON object) checked once, here: its uuid first (as Ironic reads it
    /// before validating), then the schema, trait name, steps and duplicates; a template with the body's uuid, or
    /// <paramref name="newId"/> when it gives none. Uniqueness of the UUID and name is the caller's (it holds every template).
    /// </summary>
    public static (DeployTemplate? Template, string? Error) Create(JsonObject body, Guid newId, DateTimeOffset now)
    {
        var (uuid, uuidError) = SchemaCheck.Uuid("uuid", body["uuid"] is JsonValue u && u.TryGetValue<string>(out var text) ? text : null);
        if (uuidError is not null)
            return (null, uuidError);
        if (Check(body, "template", patched: false) is { } error)
            return (null, error);
        return (new DeployTemplate
        {
            Uuid = uuid ?? newId,
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

    /// <summary>
    /// The deploy steps of a deploy, as Ironic's conductor plans them when it accepts the deploy
    /// (<c>_get_all_deployment_steps</c>): the steps of the matching <paramref name="templates"/> and of the request's
    /// <c>deploy_steps</c> (<paramref name="requestSteps"/>) are checked against the steps the node's interfaces offer
    /// (arguments, the core <c>deploy.deploy</c> step may only be disabled, no step twice); steps no interface offers
    /// are left out (Ironic leaves them to in-band steps an agent may offer later). A request step replaces a template
    /// step of the same interface and step; user steps replace the driver's own, priority 0 disabling them; enabled
    /// steps are sorted by priority, highest first, ties by interface (Ironic's deploy interface priorities).
    /// An error is the message of Ironic's refusal (without its node prefix).
    /// </summary>
    public static (IReadOnlyList<JsonObject> Steps, string? Error) PlanDeploy(
        IReadOnlyList<DeployTemplate> templates, IReadOnlyList<DriverDeployStep> driverSteps,
        IReadOnlyList<DeployStep>? requestSteps = null, bool skipMissing = true)
    {
        var offered = driverSteps.GroupBy(s => (s.Interface, s.Step)).ToDictionary(g => g.Key, g => g.First());
        var (templateSteps, templateErrors) = ValidateUserSteps(templates.SelectMany(t => t.Steps), offered, skipMissing);
        if (templateErrors.Count > 0)
            return ([], "Validation of deploy steps from deploy templates matching this node's instance traits failed. " +
                        $"Matching deploy templates: {string.Join(",", templates.Select(t => t.Name))}. Errors: {string.Join("; ", templateErrors)}");
        var (fromRequest, requestErrors) = ValidateUserSteps(requestSteps ?? [], offered, skipMissing);
        if (requestErrors.Count > 0)
            // Ironic joins its prefix and the errors without a space.
            return ([], "Validation of deploy steps from \"deploy steps\" argument failed." + string.Join("; ", requestErrors));

        var requested = fromRequest.Select(s => (s.Interface, s.Step)).ToHashSet();
        var userSteps = fromRequest.Concat(templateSteps.Where(s => !requested.Contains((s.Interface, s.Step)))).ToList();
        var overridden = userSteps.Select(s => (s.Interface, s.Step)).ToHashSet();
        var steps = driverSteps
            .Where(s => s.Priority > 0 && !overridden.Contains((s.Interface, s.Step)))
            .Select(s => (s.Interface, s.Priority, Json: new JsonObject
            {
                ["step"] = s.Step, ["priority"] = s.Priority, ["argsinfo"] = s.ArgsInfo?.DeepClone(), ["interface"] = s.Interface,
            }))
            .Concat(userSteps.Where(s => s.Priority > 0).Select(s => (s.Interface, s.Priority, Json: (JsonObject)StepsJson([s])[0]!.DeepClone())))
            .OrderByDescending(s => s.Priority).ThenBy(s => StepOrder(s.Interface))
            .Select(s => s.Json)
            .ToList();
        return (steps, null);
    }

    /// <summary>Ironic's <c>_validate_user_steps</c> for deploy steps: the steps kept (offered ones) and the errors.</summary>
    private static (List<DeployStep> Kept, List<string> Errors) ValidateUserSteps(
        IEnumerable<DeployStep> steps, IReadOnlyDictionary<(string, string), DriverDeployStep> offered, bool skipMissing)
    {
        var errors = new List<string>();
        var kept = new List<DeployStep>();
        foreach (var step in steps)
        {
            var shown = PythonText.Of(StepsJson([step])[0]);
            if (!offered.TryGetValue((step.Interface, step.Step), out var driverStep))
            {
                if (!skipMissing)
                    errors.Add($"node does not support this deploy step: {shown}");
                continue;
            }
            var argsInfo = driverStep.ArgsInfo ?? new JsonObject();
            var unexpected = step.Args.Select(a => a.Key).Where(k => !argsInfo.ContainsKey(k)).ToList();
            if (unexpected.Count > 0)
                errors.Add($"deploy step {shown} has these unexpected arguments: {string.Join(", ", unexpected)}");
            if (step.Priority > 0)
            {
                var missing = argsInfo
                    .Where(a => a.Value is JsonObject info && info["required"] is JsonValue r && r.TryGetValue<bool>(out var required) && required
                                && !step.Args.ContainsKey(a.Key))
                    .Select(a => a.Value!["description"] is JsonValue d && d.TryGetValue<string>(out var text) && text.Length > 0 ? $"{a.Key} ({text})" : a.Key)
                    .ToList();
                if (missing.Count > 0)
                    errors.Add($"deploy step {shown} is missing these required arguments: {string.Join(", ", missing)}");
                if (step.Interface == "deploy" && step.Step == "deploy")
                    errors.Add($"deploy step {step.Step} on interface {step.Interface} is a core step and cannot be overridden by user steps. " +
                               "It may be disabled by setting the priority to 0");
            }
            kept.Add(step);
        }
        var duplicates = kept.GroupBy(s => $"{s.Interface}.{s.Step}").Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            errors.Add("deploy steps from all deploy templates matching this node's instance traits cannot have the same interface and step. " +
                       $"Duplicate deploy steps for {string.Join(", ", duplicates)}");
        return (kept, errors);
    }

    /// <summary>Ironic's tie-break between steps of equal priority: the interface order of its step sorting.</summary>
    /// <summary>
    /// Where steps of <paramref name="iface"/> go among steps of equal priority: Ironic's order, <see cref="Interfaces"/>
    /// (power, management, deploy, bios, raid), any other interface after them.
    /// </summary>
    public static int StepOrder(string iface)
    {
        for (var i = 0; i < Interfaces.Count; i++)
        {
            if (Interfaces[i] == iface)
                return i;
        }
        return Interfaces.Count;
    }

    /// <summary>The failure a deploy ends in when no step is left to run (the core step disabled by a template).</summary>
    public const string NoDeploySteps = "No deploy steps returned by the driver";

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

    /// <summary>One step against the deploy step schema (templates and the deploy_steps argument); null when it passes.</summary>
    internal static string? CheckStep(JsonNode? node)
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
