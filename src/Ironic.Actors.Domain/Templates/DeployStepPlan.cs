using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Templates;

/// <summary>
/// Where a deploy keeps its plan, as Ironic does: the ordered steps in <c>driver_internal_info.deploy_steps</c>, the
/// index of the step being run in <c>deploy_step_index</c>, the step itself in the node's <c>deploy_step</c>.
/// Pure helpers to read the plan back and to read the <c>deploy_steps</c> argument of a deploy request.
/// </summary>
public static class DeployStepPlan
{
    /// <summary>driver_internal_info key of the planned steps.</summary>
    public const string StepsKey = "deploy_steps";

    /// <summary>driver_internal_info key of the index of the current step in <see cref="StepsKey"/>.</summary>
    public const string IndexKey = "deploy_step_index";

    /// <summary>The planned steps of <paramref name="node"/>, or null when its deploy has no stored plan.</summary>
    public static JsonArray? Steps(Node node) => node.DriverInternalInfo[StepsKey] as JsonArray;

    /// <summary>The index of the current step, or null.</summary>
    public static int? Index(Node node) =>
        node.DriverInternalInfo[IndexKey] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    /// <summary>The step at <paramref name="index"/> of the plan, or null past its end.</summary>
    public static JsonObject? StepAt(Node node, int index) =>
        Steps(node) is { } steps && index >= 0 && index < steps.Count ? steps[index] as JsonObject : null;

    /// <summary>Ironic's step id: <c>interface.step</c>.</summary>
    public static string StepId(JsonObject step) => $"{step["interface"]}.{step["step"]}";

    /// <summary>The arguments a planned step runs with (driver steps have none).</summary>
    public static JsonObject Args(JsonObject step) => (step["args"] as JsonObject)?.Clone() ?? new JsonObject();

    /// <summary>
    /// The <c>deploy_steps</c> argument of PUT /states/provision (1.69), checked against Ironic's deploy step schema
    /// (interface, step, args, priority, all required); the error is Ironic's <c>Invalid deploy_steps: …</c>.
    /// </summary>
    public static (IReadOnlyList<DeployStep> Steps, string? Error) ReadRequestSteps(JsonArray? steps)
    {
        if (steps is null)
            return ([], null);
        var result = new List<DeployStep>();
        foreach (var node in steps)
        {
            if (DeployTemplateDecisions.CheckStep(node) is { } error)
                return ([], $"Invalid deploy_steps: {error}");
            var step = (JsonObject)node!;
            var priority = step["priority"]!;
            var value = priority.GetValueKind() == JsonValueKind.String
                ? int.Parse(priority.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                : (int)decimal.Parse(priority.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            result.Add(new DeployStep(step["interface"]!.GetValue<string>(), step["step"]!.GetValue<string>(),
                ((JsonObject)step["args"]!).Clone(), value));
        }
        return (result, null);
    }
}
