using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Templates;

/// <summary>
/// The deploy steps a plan could not place when the deploy started (steps of templates or of the request that no
/// interface of the node offers: in-band steps the agent may offer once it runs), and their final check after the
/// agent's call-back, as Ironic's <c>continue_node_deploy</c> re-validates the steps against the agent's
/// <c>get_deploy_steps</c>: every pending step must be offered by the agent, else the deploy fails with
/// "Failed to validate the final deploy steps list for node …"; offered ones join the plan at their priority.
/// </summary>
public static class FinalDeploySteps
{
    /// <summary>driver_internal_info key of the steps left for the final check (ours; Ironic re-reads templates instead).</summary>
    public const string PendingKey = "agent_pending_deploy_steps";

    /// <summary>driver_internal_info key of the agent's deploy steps by interface (Ironic's <c>agent_cached_deploy_steps</c>).</summary>
    public const string CachedAgentStepsKey = "agent_cached_deploy_steps";

    /// <summary>driver_internal_info key set once the final check passed (Ironic's <c>steps_validated</c>).</summary>
    public const string ValidatedKey = "steps_validated";

    /// <summary>
    /// The user steps of a deploy that <paramref name="offered"/> lacks, in the form kept under <see cref="PendingKey"/>:
    /// <c>{"source": "templates"|"request", "templates": "A,B", "step": {interface, step, args, priority}}</c>. A template
    /// step the request replaces is not pending.
    /// </summary>
    public static JsonArray Pending(IReadOnlyList<DeployTemplate> templates, IEnumerable<(string Interface, string Step)> offered,
        IReadOnlyList<DeployStep>? requestSteps)
    {
        var known = offered.ToHashSet();
        var requested = (requestSteps ?? []).Select(s => (s.Interface, s.Step)).ToHashSet();
        var names = string.Join(",", templates.Select(t => t.Name));
        var pending = new JsonArray();
        foreach (var step in templates.SelectMany(t => t.Steps).Where(s => !known.Contains((s.Interface, s.Step)) && !requested.Contains((s.Interface, s.Step))))
            pending.Add(new JsonObject { ["source"] = "templates", ["templates"] = names, ["step"] = DeployTemplateDecisions.StepsJson([step])[0]!.DeepClone() });
        foreach (var step in (requestSteps ?? []).Where(s => !known.Contains((s.Interface, s.Step))))
            pending.Add(new JsonObject { ["source"] = "request", ["step"] = DeployTemplateDecisions.StepsJson([step])[0]!.DeepClone() });
        return pending;
    }

    /// <summary>The agent's steps from its <c>get_deploy_steps</c> result (<c>{deploy_steps: {manager: [step…]}}</c>), by interface.</summary>
    public static JsonObject ByInterface(JsonObject? agentResult)
    {
        var byInterface = new JsonObject();
        foreach (var (_, steps) in agentResult?["deploy_steps"] as JsonObject ?? [])
            foreach (var step in (steps as JsonArray ?? []).OfType<JsonObject>())
            {
                var iface = step["interface"]?.ToString() ?? "deploy";
                if (byInterface[iface] is not JsonArray list)
                    byInterface[iface] = list = [];
                list.Add(step.DeepClone());
            }
        return byInterface;
    }

    /// <summary>Whether the agent offers <paramref name="iface"/>.<paramref name="step"/> (per <see cref="ByInterface"/>).</summary>
    public static bool Offers(JsonObject? cached, string iface, string step) =>
        cached?[iface] is JsonArray steps && steps.OfType<JsonObject>().Any(s => s["step"]?.ToString() == step);

    /// <summary>
    /// The final plan: the pending steps checked against the agent's (<paramref name="cached"/>), the offered ones with a
    /// priority merged into <paramref name="plan"/> by priority (ties by Ironic's interface order, after the steps already
    /// there), and the index of the current step in it. A pending step the agent does not offer fails with Ironic's text,
    /// the templates' steps checked before the request's.
    /// </summary>
    public static (JsonArray Plan, int Index, string? Error) Check(Guid node, JsonArray plan, int index, JsonArray? pending, JsonObject cached)
    {
        var items = (pending ?? []).OfType<JsonObject>().ToList();
        foreach (var source in new[] { "templates", "request" })
        {
            var missing = items.Where(p => p["source"]?.ToString() == source && p["step"] is JsonObject s &&
                                           !Offers(cached, s["interface"]!.ToString(), s["step"]!.ToString()))
                .Select(p => $"node does not support this deploy step: {PythonText.Of(p["step"]!)}")
                .ToList();
            if (missing.Count == 0)
                continue;
            var prefix = source == "templates"
                ? "Validation of deploy steps from deploy templates matching this node's instance traits failed. " +
                  $"Matching deploy templates: {items.First(p => p["source"]?.ToString() == "templates")["templates"]}. Errors: "
                : "Validation of deploy steps from \"deploy steps\" argument failed.";
            return (plan, index, $"Failed to validate the final deploy steps list for node {node}: {prefix}{string.Join("; ", missing)}");
        }

        var current = index >= 0 && index < plan.Count ? plan[index] : null;
        var merged = plan.Select(s => s!.DeepClone().AsObject()).ToList();
        foreach (var step in items.Select(p => (JsonObject)p["step"]!).Where(s => Priority(s) > 0))
        {
            var at = merged.FindIndex(s => Priority(s) < Priority(step) ||
                                          (Priority(s) == Priority(step) && Order(s) > Order(step)));
            merged.Insert(at < 0 ? merged.Count : at, (JsonObject)step.DeepClone());
        }
        var newIndex = current is null ? index : merged.FindIndex(s => JsonNode.DeepEquals(s, current));
        return (new JsonArray([.. merged]), newIndex, null);
    }

    private static int Priority(JsonObject step) =>
        step["priority"] is JsonValue v && v.TryGetValue<int>(out var p) ? p : 0;

    private static int Order(JsonObject step) => step["interface"]?.ToString() switch
    {
        "power" => 0, "management" => 1, "deploy" => 2, "bios" => 3, "raid" => 4, _ => 5,
    };
}
