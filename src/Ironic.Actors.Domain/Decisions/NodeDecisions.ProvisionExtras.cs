using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>instance_info key of the config drive a deploy or rebuild was given (shown masked by the API).</summary>
    public const string ConfigDriveKey = "configdrive";

    /// <summary>instance_info key of the password the rescue ramdisk accepts (shown masked by the API).</summary>
    public const string RescuePasswordKey = "rescue_password";

    /// <summary>
    /// PUT /states/provision: the state change of <see cref="DecideProvision"/>, plus what Ironic's conductor
    /// writes to instance_info when it accepts the request: a deploy or rebuild checks that the traits the
    /// instance asks for are node traits and stores its <c>configdrive</c> (a rebuild without one keeps the
    /// old one); a rescue stores <c>rescue_password</c>, and an unrescue removes it.
    /// </summary>
    /// <param name="templates">Deploy templates named by the instance's traits (a deploy or rebuild adds their steps).</param>
    /// <param name="driverSteps">
    /// The deploy steps the node's interfaces offer, against which template and request steps are checked; when given,
    /// the planned steps are stored for the deploy work to run one by one.
    /// </param>
    public static Decision RequestProvision(
        Node node, ProvisionRequest request, NodeContext ctx,
        IReadOnlyList<DeployTemplate>? templates = null, IReadOnlyList<DriverDeployStep>? driverSteps = null)
    {
        var decision = DecideProvision(node, request, ctx);
        if (!decision.IsAccepted || decision.Events.OfType<ProvisionStateChanged>().FirstOrDefault() is not { } changed)
            return decision;

        switch (changed.Event)
        {
            case ProvisionEvents.Deploy or ProvisionEvents.Rebuild:
                if (TraitRules.InstanceTraitsError(node) is { } traitsError)
                    return Rejection.Invalid($"Failed to validate deploy or power info for node {node.Uuid}. Error: {traitsError}");
                if (driverSteps is not null || templates is { Count: > 0 })
                {
                    var (requested, requestError) = DeployStepPlan.ReadRequestSteps(request.DeploySteps);
                    if (requestError is not null)
                        return Rejection.Invalid(requestError);
                    var (steps, stepsError) = DeployTemplateDecisions.PlanDeploy(templates ?? [], driverSteps ?? [], requested);
                    if (stepsError is not null)
                        return Rejection.Invalid($"Failed to validate deploy or power info for node {node.Uuid}: {stepsError}");
                    if (steps.Count == 0)
                        // Every step disabled (the core one by a user step): the deploy starts and fails at once, as in Ironic.
                        decision = decision with
                        {
                            Work = null,
                            Events = [.. decision.Events, new ProvisionStateChanged(node.Uuid, ProvisionEvents.Fail, changed.To,
                                ProvisionStateMachine.Next(changed.To, ProvisionEvents.Fail)!, changed.Target, DeployTemplateDecisions.NoDeploySteps, ctx.Now)],
                        };
                    else if (driverSteps is not null)
                    {
                        // The plan is kept where Ironic keeps it; the deploy work runs it from its first step. Steps no
                        // interface offers wait for the agent's steps (checked after its call-back).
                        var plan = new JsonObject
                        {
                            [DeployStepPlan.StepsKey] = new JsonArray([.. steps.Select(s => (JsonNode)s.DeepClone())]),
                            [DeployStepPlan.IndexKey] = 0,
                        };
                        var pending = FinalDeploySteps.Pending(templates ?? [], driverSteps.Select(s => (s.Interface, s.Step)), requested);
                        if (pending.Count > 0)
                            plan[FinalDeploySteps.PendingKey] = pending;
                        decision = decision with
                        {
                            Events = [.. decision.Events,
                                new DriverInternalInfoChanged(node.Uuid, plan, [], ctx.Now),
                                new CurrentStepChanged(node.Uuid, "deploy", (JsonObject)steps[0].DeepClone(), ctx.Now)],
                        };
                    }
                }
                return request.ConfigDrive is { } drive
                    ? WithInstanceInfo(decision, node, new JsonObject { [ConfigDriveKey] = drive.DeepClone() }, [], ctx)
                    : decision;
            case ProvisionEvents.Rescue when request.RescuePassword is { } password:
                return WithInstanceInfo(decision, node, new JsonObject { [RescuePasswordKey] = password }, [], ctx);
            case ProvisionEvents.Unrescue when node.InstanceInfo.ContainsKey(RescuePasswordKey):
                return WithInstanceInfo(decision, node, [], [RescuePasswordKey], ctx);
            default:
                return decision;
        }
    }

    private static Decision WithInstanceInfo(Decision decision, Node node, JsonObject set, IReadOnlyList<string> removed, NodeContext ctx) =>
        decision with { Events = [.. decision.Events, new InstanceInfoChanged(node.Uuid, set, removed, ctx.Now)] };
}
