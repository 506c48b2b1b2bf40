using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Conductor.Drivers;

/// <summary>
/// Carries out one unit of node work through the node's driver interfaces, bounded by a time budget.
/// Never throws: every failure becomes a <see cref="WorkOutcome"/> with Ironic-style text for last_error.
/// </summary>
public sealed class DriverWorkRunner(HardwareTypeRegistry hardware, ConductorOptions options)
{
    private DriverCallRunner? _calls;

    /// <summary>The driver calls behind node sub-resources, on the same registry and settings (stateless, so sharing is safe).</summary>
    public DriverCallRunner Calls => _calls ??= new DriverCallRunner(hardware, options);

    public Task<WorkOutcome> RunAsync(NodeWork work, Node node, CancellationToken ct) => RunAsync(work, node, [], ct);

    /// <summary>Runs <paramref name="work"/> with the node's <paramref name="ports"/> at hand (a network boot needs their MACs).</summary>
    public async Task<WorkOutcome> RunAsync(NodeWork work, Node node, IReadOnlyList<Port> ports, CancellationToken ct)
    {
        var budget = TimeSpan.FromSeconds(work.Kind == WorkKind.Power
            ? work.TimeoutSeconds ?? options.PowerStateChangeTimeout
            : options.ProvisionWorkTimeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(budget);
        var bios = new BiosReport();
        var outcome = await RunGuardedAsync(work, node, ports, bios, budget, ct, timeout.Token);
        return bios.Settings is { } settings ? outcome with { BiosSettings = settings } : outcome;
    }

    private async Task<WorkOutcome> RunGuardedAsync(NodeWork work, Node node, IReadOnlyList<Port> ports, BiosReport bios,
        TimeSpan budget, CancellationToken ct, CancellationToken timeoutToken)
    {
        try
        {
            return await RunCoreAsync(work, node, ports, bios, timeoutToken);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return WorkOutcome.Failed($"{work.Kind} timed out after {budget.TotalSeconds:0} seconds.");
        }
        catch (OperationCanceledException)
        {
            return WorkOutcome.Failed($"{work.Kind} was cancelled because the conductor is stopping.");
        }
        catch (Exception e) when (e is DriverException or InvalidOperationException or ArgumentException)
        {
            return WorkOutcome.Failed(e.Message);
        }
    }

    /// <summary>What the node's bios interface last reported during one unit of work (null: nothing).</summary>
    private sealed class BiosReport
    {
        public IReadOnlyList<BiosSetting>? Settings { get; set; }
    }

    private async Task<WorkOutcome> RunCoreAsync(NodeWork work, Node node, IReadOnlyList<Port> ports, BiosReport bios, CancellationToken ct)
    {
        switch (work.Kind)
        {
            case WorkKind.Verify:
            {
                var power = Get<IPowerInterface>(node);
                if (Invalid(power, node) is { } invalid)
                    return invalid;
                var state = await power.GetPowerStateAsync(node, ct);
                await CacheBiosSettingsAsync(node, bios, ct);
                return WorkOutcome.Ok(state);
            }
            case WorkKind.Power:
            {
                var power = Get<IPowerInterface>(node);
                if (Invalid(power, node) is { } invalid)
                    return invalid;
                var target = work.PowerTarget!;
                if (!power.SupportedPowerStates(node).Contains(target))
                    return WorkOutcome.Failed($"The requested power state {target} is not supported by the {power.Name} power interface.");
                var timeout = work.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
                return WorkOutcome.Ok(await power.SetPowerStateAsync(node, target, timeout, ct));
            }
            case WorkKind.Deploy:
            {
                var deploy = Get<IDeployInterface>(node);
                var drivers = DriversOf(node, ports);
                var index = DeployStepPlan.Index(node);
                var step = index is { } i ? DeployStepPlan.StepAt(node, i) : null;
                if (index is null or 0 || step is null)
                {
                    if ((Invalid(drivers.Power, node) ?? Invalid(deploy, node, drivers)) is { } invalid)
                        return invalid with { CurrentStep = new JsonObject() };
                    await deploy.PrepareAsync(node, ct);
                }
                if (step is null)
                {
                    // No stored plan (a deploy accepted before plans were kept): the deploy interface's own deploy.
                    var power = await deploy.DeployAsync(node, drivers, ct);
                    return deploy.DeployWaitsForAgent(node) ? WorkOutcome.WaitForCallback() : WorkOutcome.Ok(power);
                }
                return await RunDeployStepAsync(node, deploy, drivers, step, bios, ct);
            }
            case WorkKind.TearDown:
            {
                var deploy = Get<IDeployInterface>(node);
                var drivers = DriversOf(node, ports);
                var power = await deploy.TearDownAsync(node, drivers, ct);
                await deploy.CleanUpAsync(node, drivers, ct);
                return WorkOutcome.Ok(power);
            }
            case WorkKind.Adopt:
            {
                var deploy = Get<IDeployInterface>(node);
                if ((Invalid(Get<IBootInterface>(node), node) ?? Invalid(deploy, node)) is { } invalid)
                    return invalid;
                await deploy.TakeOverAsync(node, ct);
                return WorkOutcome.Ok();
            }
            case WorkKind.Clean:
            {
                await CacheBiosSettingsAsync(node, bios, ct);
                var deploy = Get<IDeployInterface>(node);
                if (deploy is IAgentDeployInterface agentDeploy)
                {
                    if (work.CleanSteps is null && !(node.AutomatedClean ?? options.AutomatedClean))
                        return WorkOutcome.Ok();
                    var drivers = DriversOf(node, ports);
                    if ((Invalid(drivers.Power, node) ?? Failed(drivers.Boot, drivers.Boot.Validate(node, drivers))) is { } invalid)
                        return invalid;
                    return await agentDeploy.PrepareCleaningAsync(node, drivers, work.CleanSteps,
                        node.AutomatedClean ?? options.AutomatedClean, ct);
                }
                if (deploy.CleaningWaitsForAgent(node))
                    return WorkOutcome.WaitForCallback();
                return await CleanAsync(work, node, bios, ct) ?? WorkOutcome.Ok();
            }
            case WorkKind.ContinueDeploy:
            {
                if (Get<IDeployInterface>(node) is not IAgentDeployInterface agentDeploy)
                    return WorkOutcome.Failed($"The deploy interface {node.Interfaces.Deploy} does not use an agent.");
                return await agentDeploy.ContinueDeployAsync(node, DriversOf(node, ports), t => AgentStepsOf(node, t),
                    (iface, step, args, token) => RunLocalDeployStepAsync(node, iface, step, args, bios, token), ct);
            }
            case WorkKind.ContinueClean:
            {
                if (Get<IDeployInterface>(node) is not IAgentDeployInterface agentDeploy)
                    return WorkOutcome.Failed($"The deploy interface {node.Interfaces.Deploy} does not use an agent.");
                var localSteps = NodeInterfaces.Types
                    .Where(t => t != InterfaceTypes.Deploy)
                    .SelectMany(t => hardware.Get(t, node.Interfaces.Get(t)).GetCleanSteps(node))
                    .ToList();
                return await agentDeploy.ContinueCleanAsync(node, DriversOf(node, ports), localSteps, t => AgentStepsOf(node, t),
                    (iface, step, args, token) => RunLocalStepAsync(node, iface, step, args, bios, token), ct);
            }
            case WorkKind.Inspect:
            {
                var inspect = Get<IInspectInterface>(node);
                if (Invalid(inspect, node) is { } invalid)
                    return invalid;
                var found = await inspect.InspectAsync(node, ct);
                if (found.Asynchronous)
                    return WorkOutcome.WaitForCallback();
                return found is { Properties: null, Macs: null, Inventory: null }
                    ? WorkOutcome.Ok()
                    : WorkOutcome.Ok() with { Inspection = new InspectionFindings(found.Properties ?? [], found.Macs ?? [], found.Inventory) };
            }
            case WorkKind.Rescue:
            {
                var rescue = Get<IRescueInterface>(node);
                await rescue.RescueAsync(node, ct);
                return rescue.RescueWaitsForAgent(node) ? WorkOutcome.WaitForCallback() : WorkOutcome.Ok();
            }
            case WorkKind.Unrescue:
                await Get<IRescueInterface>(node).UnrescueAsync(node, ct);
                return WorkOutcome.Ok();
            default:
                return WorkOutcome.Failed($"Unknown work {work.Kind}.");
        }
    }

    /// <summary>
    /// Manual cleaning runs the requested steps in order; automated cleaning runs every step with a
    /// positive priority, highest first and equal priorities in Ironic's interface order (none for the fake
    /// interfaces), unless disabled.
    /// </summary>
    /// <remarks>
    /// A manual step that fails ends the cleaning with Ironic's <c>Node … failed step {…}: …</c> (the step as Ironic
    /// holds it: the request's keys, then the interface's <c>abortable</c> and <c>priority</c>).
    /// </remarks>
    private async Task<WorkOutcome?> CleanAsync(NodeWork work, Node node, BiosReport bios, CancellationToken ct)
    {
        IEnumerable<(string Interface, string Step, JsonObject Args)> steps;
        if (work.CleanSteps is { } manual)
        {
            foreach (var requested in manual.OfType<JsonObject>())
            {
                var iface = requested["interface"]!.GetValue<string>();
                var step = requested["step"]!.GetValue<string>();
                try
                {
                    await RunLocalStepAsync(node, iface, step, (requested["args"] as JsonObject) ?? new JsonObject(), bios, ct);
                }
                catch (DriverException e)
                {
                    // Ironic keeps the steps of a failed cleaning in driver_internal_info.
                    var held = new JsonArray([.. manual.OfType<JsonObject>().Select(s => (JsonNode)HeldStep(node, s))]);
                    return new WorkOutcome(false, $"Node {node.Uuid} failed step {PythonText.Of(HeldStep(node, requested))}: {e.Message}",
                        ErrorIsFinal: true, InternalInfo: new JsonObject { ["clean_steps"] = held, ["cleaning_disable_ramdisk"] = false })
                    {
                        FailedInStep = true,
                    };
                }
            }
            return null;
        }
        if (node.AutomatedClean ?? options.AutomatedClean)
            steps = NodeInterfaces.Types
                .SelectMany(t => hardware.Get(t, node.Interfaces.Get(t)).GetCleanSteps(node))
                .Where(s => s.Priority > 0)
                .OrderByDescending(s => s.Priority)
                .ThenBy(s => DeployTemplateDecisions.StepOrder(s.Interface)) // Ironic's tie-break: power, management, deploy, bios, raid
                .Select(s => (s.Interface, s.Step, new JsonObject()));
        else
            steps = [];

        foreach (var (iface, step, args) in steps)
        {
            await RunLocalStepAsync(node, iface, step, args, bios, ct);
        }
        return null;
    }

    /// <summary>A requested clean step as Ironic holds it once validated: its keys, then <c>abortable</c> and <c>priority</c>.</summary>
    private JsonObject HeldStep(Node node, JsonObject requested)
    {
        var held = (JsonObject)requested.DeepClone();
        var iface = requested["interface"]?.GetValue<string>() ?? "";
        var name = requested["step"]?.GetValue<string>();
        if (NodeInterfaces.Types.Contains(iface) && hardware.TryGet(iface, node.Interfaces.Get(iface), out var found) &&
            found.GetCleanSteps(node).FirstOrDefault(d => d.Step == name) is { } definition)
        {
            held["abortable"] ??= definition.Abortable;
            held["priority"] ??= definition.Priority;
        }
        return held;
    }

    /// <summary>
    /// Ironic's <c>node_cache_bios_settings</c>: the bios interface reads the node's settings (a verify, the start of
    /// cleaning); a failure is logged by Ironic and does not fail the work, so it is ignored here too.
    /// </summary>
    private async Task CacheBiosSettingsAsync(Node node, BiosReport bios, CancellationToken ct)
    {
        if (!hardware.TryGet(InterfaceTypes.Bios, node.Interfaces.Get(InterfaceTypes.Bios), out var found) || found is not IBiosInterface iface)
            return;
        try
        {
            if (await iface.CacheBiosSettingsAsync(node, ct) is { } settings)
                bios.Settings = settings;
        }
        catch (DriverException)
        {
            // Ironic: "Caching of bios settings failed on node ..." (a warning); the work goes on.
        }
    }

    /// <summary>
    /// Runs the current step of the node's deploy plan on the conductor: the core <c>deploy.deploy</c> through the deploy
    /// interface (an agent deploy then waits for its call-back), any other step through its interface's deploy step.
    /// </summary>
    private async Task<WorkOutcome> RunDeployStepAsync(Node node, IDeployInterface deploy, NodeDrivers drivers, JsonObject step,
        BiosReport bios, CancellationToken ct)
    {
        var iface = step["interface"]?.GetValue<string>() ?? "";
        var name = step["step"]?.GetValue<string>() ?? "";
        if (iface == InterfaceTypes.Deploy && name == "deploy")
        {
            var power = await deploy.DeployAsync(node, drivers, ct);
            return deploy.DeployWaitsForAgent(node) ? WorkOutcome.WaitForCallback() : WorkOutcome.Ok(power);
        }
        await RunLocalDeployStepAsync(node, iface, name, DeployStepPlan.Args(step), bios, ct);
        return WorkOutcome.Ok();
    }

    private Task RunLocalDeployStepAsync(Node node, string iface, string step, JsonObject args, BiosReport bios, CancellationToken ct)
    {
        if (!NodeInterfaces.Types.Contains(iface))
            throw new DriverException($"Deploy step {step} names an unknown interface \"{iface}\".");
        return RunStepAsync(node, iface, step, args, deploy: true, bios, ct);
    }

    private Task RunLocalStepAsync(Node node, string iface, string step, JsonObject args, BiosReport bios, CancellationToken ct)
    {
        if (!NodeInterfaces.Types.Contains(iface))
            throw new DriverException($"Clean step {step} names an unknown interface \"{iface}\".");
        return RunStepAsync(node, iface, step, args, deploy: false, bios, ct);
    }

    /// <summary>Runs a step on the conductor; a bios step's report of the node's settings is kept for the outcome.</summary>
    private async Task RunStepAsync(Node node, string iface, string step, JsonObject args, bool deploy, BiosReport bios, CancellationToken ct)
    {
        var target = hardware.Get(iface, node.Interfaces.Get(iface));
        if (target is IBiosInterface biosInterface)
        {
            if (await biosInterface.ExecuteBiosStepAsync(node, step, args, deploy, ct) is { } settings)
                bios.Settings = settings;
        }
        else if (deploy)
            await target.ExecuteDeployStepAsync(node, step, args, ct);
        else
            await target.ExecuteCleanStepAsync(node, step, args, ct);
    }

    /// <summary>The node's interface of <paramref name="interfaceType"/> when the agent runs its steps (the agent RAID interface).</summary>
    private IAgentStepInterface? AgentStepsOf(Node node, string interfaceType) =>
        NodeInterfaces.Types.Contains(interfaceType) && hardware.TryGet(interfaceType, node.Interfaces.Get(interfaceType), out var found)
            ? found as IAgentStepInterface
            : null;

    private NodeDrivers DriversOf(Node node, IReadOnlyList<Port> ports) => hardware.DriversOf(node.Interfaces) with { Ports = ports };

    private T Get<T>(Node node) where T : class, IDriverInterface => hardware.GetInterface<T>(node.Interfaces);

    private static WorkOutcome? Invalid(IDriverInterface iface, Node node) => Failed(iface, iface.Validate(node));

    private static WorkOutcome? Invalid(IDeployInterface deploy, Node node, NodeDrivers drivers) => Failed(deploy, deploy.Validate(node, drivers));

    private static WorkOutcome? Failed(IDriverInterface iface, ValidationResult result)
    {
        return result.Result ? null : WorkOutcome.Failed($"Validation of the {iface.InterfaceType} interface failed: {result.Reason}");
    }
}
