using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// PUT /states/provision, checked in Ironic's order: maintenance for deploys, the state machine
    /// (409 while locked, else 400), then the verb's parameters. Accepting fires the verb's event and
    /// names the driver work that moves the node on. (<see cref="RequestProvision"/> adds what the request
    /// writes to instance_info.)
    /// </summary>
    private static Decision DecideProvision(Node node, ProvisionRequest request, NodeContext ctx)
    {
        var verb = request.Target;
        if (!ProvisionStateMachine.ApiVerbs.TryGetValue(verb, out var evt))
            return ctx.LockedBy is { } locker
                ? Rejection.NodeLocked(node.Uuid, locker)
                : Rejection.InvalidStateRequested(verb, node.Uuid, node.ProvisionState);

        if (evt is ProvisionEvents.Deploy or ProvisionEvents.Rebuild && node.Maintenance)
            return InMaintenance(node, "provisioning");
        if (evt is ProvisionEvents.Provide or ProvisionEvents.Clean && node.Maintenance && !ctx.AllowProvisioningInMaintenance)
            return InMaintenance(node, evt == ProvisionEvents.Provide ? "providing" : "cleaning");

        if (!ProvisionStateMachine.IsAllowed(node.ProvisionState, evt))
            return ctx.LockedBy is { } host
                ? Rejection.NodeLocked(node.Uuid, host)
                : Rejection.InvalidStateRequested(verb, node.Uuid, node.ProvisionState);
        if (ctx.LockedBy is { } lockHolder)
            return Rejection.NodeLocked(node.Uuid, lockHolder);

        if (CheckParameters(node, request, evt) is { } invalid)
            return invalid;

        var to = ProvisionStateMachine.Next(node.ProvisionState, evt)!;
        return evt switch
        {
            ProvisionEvents.Manage when node.ProvisionState == ProvisionStates.Enroll => Start(node, evt, to, ctx, new NodeWork(WorkKind.Verify)),
            ProvisionEvents.Manage => Start(node, evt, to, ctx, null),
            ProvisionEvents.Provide => Start(node, evt, to, ctx, new NodeWork(WorkKind.Clean)),
            ProvisionEvents.Clean => Start(node, evt, to, ctx, new NodeWork(WorkKind.Clean, CleanSteps: request.CleanSteps), Manageable),
            ProvisionEvents.Inspect => Start(node, evt, to, ctx, new NodeWork(WorkKind.Inspect)),
            ProvisionEvents.Adopt => Start(node, evt, to, ctx, new NodeWork(WorkKind.Adopt)),
            ProvisionEvents.Deploy or ProvisionEvents.Rebuild => Start(node, evt, to, ctx, new NodeWork(WorkKind.Deploy)),
            ProvisionEvents.Delete => Start(node, evt, to, ctx, new NodeWork(WorkKind.TearDown)),
            ProvisionEvents.Rescue => Start(node, evt, to, ctx, new NodeWork(WorkKind.Rescue)),
            ProvisionEvents.Unrescue => Start(node, evt, to, ctx, new NodeWork(WorkKind.Unrescue)),
            ProvisionEvents.Abort => Decision.Accept(new ProvisionStateChanged(
                node.Uuid, evt, node.ProvisionState, to, node.TargetProvisionState ?? ProvisionStateMachine.DefaultTarget(to),
                $"{Operation(node.ProvisionState)} was aborted by request.", ctx.Now)),
            _ => Rejection.InvalidStateRequested(verb, node.Uuid, node.ProvisionState),
        };
    }

    private static Rejection InMaintenance(Node node, string operation) =>
        Rejection.Invalid($"The {operation} operation can't be performed on node {node.Uuid} because it's in maintenance mode.");

    private static Rejection? CheckParameters(Node node, ProvisionRequest request, string evt)
    {
        if (request.ConfigDrive is not null && evt is not (ProvisionEvents.Deploy or ProvisionEvents.Rebuild))
            return Rejection.Invalid("Adding a config drive is only supported when setting provision state to active, rebuild");
        if (evt == ProvisionEvents.Clean && (request.CleanSteps is null || request.CleanSteps.Count == 0))
            return Rejection.Invalid("\"clean_steps\" is required when setting target provision state to clean");
        if (evt != ProvisionEvents.Clean && request.CleanSteps is not null)
            return Rejection.Invalid("\"clean_steps\" is only valid when setting target provision state to clean");
        if (request.DeploySteps is not null && evt is not (ProvisionEvents.Deploy or ProvisionEvents.Rebuild))
            return Rejection.Invalid("\"deploy_steps\" is only valid when setting target provision state to active or rebuild");
        if (evt == ProvisionEvents.Rescue && string.IsNullOrEmpty(request.RescuePassword))
            return Rejection.Invalid("A non-empty \"rescue_password\" is required when setting target provision state to rescue");
        if (evt != ProvisionEvents.Rescue && request.RescuePassword is not null)
            return Rejection.Invalid("\"rescue_password\" is only valid when setting target provision state to rescue");
        if (evt is ProvisionEvents.Rebuild or ProvisionEvents.Delete && node.Protected)
            return Rejection.Forbidden($"Node {node.Uuid} is protected and cannot be undeployed, rebuilt or deleted");
        if (evt == ProvisionEvents.Provide && node.Retired == true)
            return Rejection.Invalid($"The providing operation can't be performed on node {node.Uuid} because it is retired.");
        if (request.CleanSteps is not null && CleanStepError(request.CleanSteps) is { } stepError)
            return Rejection.Invalid(stepError);
        return null;
    }

    private static string? CleanStepError(JsonArray steps)
    {
        foreach (var step in steps)
        {
            if (step is not JsonObject o)
                return $"Invalid clean step {step?.ToJsonString()}: each step must be an object.";
            if (o["interface"]?.GetValueKind() != JsonValueKind.String ||
                o["step"]?.GetValueKind() != JsonValueKind.String)
                return $"Invalid clean step {o.ToJsonString()}: \"interface\" and \"step\" are required strings.";
            if (o["args"] is { } args && args is not JsonObject)
                return $"Invalid clean step {o.ToJsonString()}: \"args\" must be an object.";
        }
        return null;
    }

    private static Decision Start(Node node, string evt, string to, NodeContext ctx, NodeWork? work, string? explicitTarget = null)
    {
        var target = ProvisionStates.Stable.Contains(to) ? null : explicitTarget ?? ProvisionStateMachine.DefaultTarget(to);
        return Decision.Accept(work, new ProvisionStateChanged(node.Uuid, evt, node.ProvisionState, to, target, null, ctx.Now));
    }

    /// <summary>The operation a node in <paramref name="state"/> is in the middle of, for messages.</summary>
    internal static string Operation(string state) => state switch
    {
        Cleaning or CleanWait => "Cleaning",
        Inspecting or InspectWait => "Inspection",
        Rescuing or RescueWait => "Rescue",
        Deploying or WaitCallBack => "Deployment",
        Deleting => "Tear down",
        Verifying => "Verification",
        Adopting => "Adoption",
        Unrescuing => "Unrescue",
        _ => "The operation",
    };
}
