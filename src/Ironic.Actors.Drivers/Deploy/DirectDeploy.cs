using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Agent;

namespace Ironic.Actors.Drivers.Deploy;

/// <summary>
/// The "direct" deploy interface: the agent ramdisk (Ironic Python Agent, or anything speaking its API) writes the image.
/// Deploying boots the ramdisk through the boot interface and leaves the node in <c>wait call-back</c>; each heartbeat of
/// the agent then moves the deploy steps on (<see cref="ContinueDeployAsync"/>): <c>write_image</c> runs in the agent
/// asynchronously, so the node goes back to waiting until a later heartbeat finds it ended; the conductor then prepares
/// the instance boot, has the agent power the machine off (<c>tear_down_agent</c>), and powers it on into the instance.
/// Cleaning goes the same way through the agent's clean steps.
/// </summary>
public sealed class DirectDeploy(AgentClient agent, AgentOptions options, TimeProvider time) : IAgentDeployInterface
{
    /// <summary>Ironic's deploy steps of the agent deploy, with their priorities.</summary>
    public static IReadOnlyList<StepDefinition> DeploySteps { get; } =
    [
        IDeployInterface.CoreDeployStep,
        new(InterfaceTypes.Deploy, WriteImage, 80, false, null),
        new(InterfaceTypes.Deploy, "prepare_instance_boot", 60, false, null),
        new(InterfaceTypes.Deploy, "tear_down_agent", 40, false, null),
        new(InterfaceTypes.Deploy, "switch_to_tenant_network", 30, false, null),
        new(InterfaceTypes.Deploy, "boot_instance", 20, false, null),
    ];

    private const string WriteImage = "write_image";

    public string Name => "direct";
    public string InterfaceType => InterfaceTypes.Deploy;

    /// <summary>
    /// The driver_info keys of the agent deploy, in Ironic 21.4's words (Ironic's also lists image_http_proxy,
    /// image_https_proxy, image_no_proxy and image_download_source, which nothing here reads).
    /// </summary>
    public IReadOnlyDictionary<string, string> GetProperties() => Properties;

    private static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["deploy_kernel"] = "UUID (from Glance) of the deployment kernel. Required.",
        ["deploy_ramdisk"] = "UUID (from Glance) of the ramdisk with agent that is used at deploy time. Required.",
        ["deploy_forces_oob_reboot"] = "Whether Ironic should force a reboot of the Node via the out-of-band channel after deployment " +
                                       "is complete. Provides compatibility with older deploy ramdisks. Defaults to False. Optional.",
        ["agent_verify_ca"] = "Either a Boolean value, a path to a CA_BUNDLE file or directory with certificates of trusted CAs. If set " +
                              "to True ironic will verify the agent's certificate; if False the driver will ignore verifying the SSL " +
                              "certificate. If it's a path the driver will use the specified certificate or one of the certificates in " +
                              "the directory. Defaults to True. Optional",
    };

    public ValidationResult Validate(Node node)
    {
        var ii = node.InstanceInfo;
        if (DriverInfoValues.GetText(ii, "image_source") is null)
            return ValidationResult.Fail("Cannot validate image information for node because one or more parameters are missing " +
                                         "from its instance_info. Missing are: ['image_source']");
        var url = ImageUrl(node);
        if (url is null || !(url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            return ValidationResult.Fail($"Node {node.Uuid}: only images served over HTTP(S) can be deployed here " +
                                         "(instance_info/image_source or image_url must be an http:// or https:// URL); Glance is not available.");
        var hasChecksum = DriverInfoValues.GetText(ii, "image_checksum") is not null ||
                          (DriverInfoValues.GetText(ii, "image_os_hash_algo") is not null && DriverInfoValues.GetText(ii, "image_os_hash_value") is not null);
        if (!hasChecksum)
            return ValidationResult.Fail("Cannot validate image information for node because one or more parameters are missing " +
                                         "from its instance_info. Missing are: ['image_checksum']");
        return ValidationResult.Ok;
    }

    public ValidationResult Validate(Node node, NodeDrivers drivers)
    {
        var boot = drivers.Boot.Validate(node, drivers);
        return boot.Result ? Validate(node) : boot;
    }

    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => DeploySteps;

    public bool DeployWaitsForAgent(Node node) => true;

    public bool CleaningWaitsForAgent(Node node) => true;

    public Task DeployAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());
    public Task TearDownAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());

    /// <summary>The "deploy" step: power off, boot the agent ramdisk, power on; the agent then calls back.</summary>
    public async Task<string?> DeployAsync(Node node, NodeDrivers drivers, CancellationToken ct) =>
        await BootRamdiskAsync(node, drivers, ct).ConfigureAwait(false);

    public async Task<string?> TearDownAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
        return PowerStates.PowerOff;
    }

    public Task CleanUpAsync(Node node, NodeDrivers drivers, CancellationToken ct) => drivers.Boot.CleanUpInstanceAsync(node, drivers, ct);

    public async Task<WorkOutcome> PrepareCleaningAsync(Node node, NodeDrivers drivers, JsonArray? manualSteps, bool automatedClean,
        CancellationToken ct)
    {
        if (manualSteps is null && !automatedClean)
            return WorkOutcome.Ok();
        var power = await BootRamdiskAsync(node, drivers, ct).ConfigureAwait(false);
        return new WorkOutcome(true, null, power, Waiting: true, InternalInfo: new JsonObject
        {
            [AgentStepKeys.ManualCleanSteps] = manualSteps?.DeepClone(),
        });
    }

    /// <summary>
    /// Runs the node's deploy plan on from the step after <c>deploy.deploy</c> (or from where the last heartbeat left it):
    /// steps the agent runs (<c>write_image</c>, the agent RAID interface's) are started asynchronously and the node waits
    /// for the next heartbeat, with the step's index kept in <c>driver_internal_info</c>; the conductor's own steps
    /// (<c>prepare_instance_boot</c>, <c>tear_down_agent</c>, <c>switch_to_tenant_network</c>, <c>boot_instance</c>) and
    /// other interfaces' out-of-band steps run here, in the plan's order.
    /// </summary>
    public async Task<WorkOutcome> ContinueDeployAsync(Node node, NodeDrivers drivers, AgentStepOwner agentSteps, LocalStepRunner runLocal,
        CancellationToken ct)
    {
        var url = AgentUrl(node);
        var steps = DeployStepPlan.Steps(node) ?? DefaultPlan();
        var index = DeployStepPlan.Index(node) ?? IndexOf(steps, "deploy");
        var start = index + 1;
        JsonObject? raidConfig = null;
        var power = (string?)null;
        var cached = node.DriverInternalInfo[FinalDeploySteps.CachedAgentStepsKey] as JsonObject;
        var learned = new JsonObject(); // what the agent's first call-back taught: its steps, the final plan
        try
        {
            if (cached is null && DriverInfoValues.GetText(node.DriverInternalInfo, AgentStepKeys.DeployStep) is null)
            {
                // The agent's first call-back: load its in-band steps, then check the final list of steps against them.
                try
                {
                    var answer = await agent.ExecuteAsync(url, Token(node), "deploy.get_deploy_steps",
                        new JsonObject { ["node"] = AgentNodeView(node), ["ports"] = new JsonArray() }, wait: true, ct).ConfigureAwait(false);
                    cached = FinalDeploySteps.ByInterface(answer.Result);
                }
                catch (DriverException e)
                {
                    return new WorkOutcome(false, $"Failed to load in-band deploy steps: {e.Message}", ErrorIsFinal: true);
                }
                learned[FinalDeploySteps.CachedAgentStepsKey] = cached.DeepClone();
                if (node.DriverInternalInfo[FinalDeploySteps.ValidatedKey] is not JsonValue)
                {
                    var (plan, planIndex, error) = FinalDeploySteps.Check(node.Uuid, steps, index,
                        node.DriverInternalInfo[FinalDeploySteps.PendingKey] as JsonArray, cached);
                    if (error is not null)
                        return new WorkOutcome(false, error, ErrorIsFinal: true);
                    if (plan.Count != steps.Count)
                    {
                        (steps, index, start) = (plan, planIndex, planIndex + 1);
                        learned[DeployStepPlan.StepsKey] = plan.DeepClone();
                        learned[DeployStepPlan.IndexKey] = planIndex;
                    }
                    learned[FinalDeploySteps.ValidatedKey] = true;
                    learned[FinalDeploySteps.PendingKey] = null;
                }
            }

            if (DriverInfoValues.GetText(node.DriverInternalInfo, AgentStepKeys.DeployStep) is { } awaitedName && steps[index] is JsonObject awaited)
            {
                if (DeployStepPlan.Index(node) is null)
                    awaited = (JsonObject)steps[index = IndexOf(steps, awaitedName)]!; // progress kept before plans were stored
                AgentCommandResult? last;
                try
                {
                    last = (await agent.ListCommandsAsync(url, ct).ConfigureAwait(false)).LastOrDefault(c => c.Name == "execute_deploy_step");
                }
                catch (DriverException e)
                {
                    return new WorkOutcome(false, $"Failed to process the next deploy step: {e.Message}", ErrorIsFinal: true);
                }
                if (last is null)
                    start = index; // the ramdisk restarted and forgot: run the step again
                else if (last.IsRunning)
                    return new WorkOutcome(true, Waiting: true, InternalInfo: new JsonObject { [AgentStepKeys.DeployStep] = awaitedName });
                else if (!last.HasSucceeded)
                    return AgentStepFailed(node, "Deploy", awaited, last);
                else
                {
                    raidConfig = AfterAgentStep(node, agentSteps, awaited, last);
                    start = index + 1;
                }
            }

            for (var i = start; i < steps.Count; i++)
            {
                var step = (JsonObject)steps[i]!;
                var iface = step["interface"]?.GetValue<string>() ?? "";
                var name = step["step"]?.GetValue<string>() ?? "";
                var owner = iface == InterfaceTypes.Deploy ? null : agentSteps(iface);
                // The agent runs write_image, the agent interfaces' steps, and in-band deploy steps it offers that are
                // not the deploy interface's own (out-of-band steps win, as in Ironic).
                var inBand = iface == InterfaceTypes.Deploy && DeploySteps.All(d => d.Step != name) && FinalDeploySteps.Offers(cached, iface, name);
                if ((iface == InterfaceTypes.Deploy && name == WriteImage) || owner is not null || inBand)
                {
                    AgentCommandResult result;
                    try
                    {
                        result = await agent.ExecuteAsync(url, Token(node), "deploy.execute_deploy_step", AgentDeployStepParams(node, step, owner),
                            wait: false, ct).ConfigureAwait(false);
                    }
                    catch (DriverException e)
                    {
                        return StepFailed(step, e);
                    }
                    if (result.IsRunning)
                        return new WorkOutcome(true, Waiting: true, InternalInfo: With(learned, new JsonObject
                        {
                            [AgentStepKeys.DeployStep] = name,
                            [DeployStepPlan.IndexKey] = i,
                        }), CurrentStep: (JsonObject)step.DeepClone(), RaidConfig: raidConfig);
                    if (!result.HasSucceeded)
                        return AgentStepFailed(node, "Deploy", step, result);
                    raidConfig = AfterAgentStep(node, agentSteps, step, result) ?? raidConfig;
                    continue;
                }
                switch (iface, name)
                {
                    case (InterfaceTypes.Deploy, "prepare_instance_boot"):
                        // The boot interface makes the machine boot its disk.
                        await drivers.Boot.PrepareInstanceAsync(node, drivers, ct).ConfigureAwait(false);
                        break;
                    case (InterfaceTypes.Deploy, "tear_down_agent"):
                        // The agent powers the machine off; failing that, a hard power off.
                        await TearDownAgentAsync(node, drivers, url, ct).ConfigureAwait(false);
                        power = PowerStates.PowerOff;
                        break;
                    case (InterfaceTypes.Deploy, "switch_to_tenant_network"):
                        // Nothing to switch with the flat and noop networks.
                        break;
                    case (InterfaceTypes.Deploy, "boot_instance"):
                        power = await drivers.Power.SetPowerStateAsync(node, PowerStates.PowerOn, null, ct).ConfigureAwait(false) ?? PowerStates.PowerOn;
                        break;
                    default:
                        try
                        {
                            await runLocal(iface, name, DeployStepPlan.Args(step), ct).ConfigureAwait(false);
                        }
                        catch (DriverException e)
                        {
                            return StepFailed(step, e);
                        }
                        break;
                }
            }
        }
        catch (AgentBusyException)
        {
            // Ironic tries again at the next heartbeat (what the agent taught is kept).
            return new WorkOutcome(true, Waiting: true, InternalInfo: learned.Count > 0 ? learned : null);
        }

        return new WorkOutcome(true, null, power, InternalInfo: new JsonObject { [AgentStepKeys.DeployStep] = null },
            CurrentStep: new JsonObject(), RaidConfig: raidConfig);
    }

    /// <summary><paramref name="progress"/> with <paramref name="learned"/>'s keys added (a new object).</summary>
    private static JsonObject With(JsonObject learned, JsonObject progress)
    {
        var all = (JsonObject)learned.DeepClone();
        foreach (var (key, value) in progress)
            all[key] = value?.DeepClone();
        return all;
    }

    /// <summary>The plan of a deploy accepted before plans were stored: the agent deploy's own steps.</summary>
    private static JsonArray DefaultPlan() => new([.. DeploySteps.Select(s => (JsonNode)new JsonObject
    {
        ["step"] = s.Step, ["priority"] = s.Priority, ["argsinfo"] = null, ["interface"] = s.Interface,
    })]);

    private static int IndexOf(JsonArray steps, string name) =>
        steps.Select((s, i) => (s, i)).FirstOrDefault(x => x.s?["interface"]?.GetValue<string>() == InterfaceTypes.Deploy && x.s?["step"]?.GetValue<string>() == name).i;

    private JsonObject AgentDeployStepParams(Node node, JsonObject step, IAgentStepInterface? owner)
    {
        if (step["step"]?.GetValue<string>() == WriteImage && step["interface"]?.GetValue<string>() == InterfaceTypes.Deploy)
        {
            var write = WriteImageParams(node);
            ((JsonObject)write["step"]!)["priority"] = step["priority"]?.DeepClone();
            return write;
        }
        var extra = owner?.BeforeAgentStep(node, "deploy", step) ?? [];
        return new JsonObject
        {
            ["step"] = AgentStep(step),
            ["node"] = AgentNodeView(node, extra),
            ["ports"] = new JsonArray(),
            ["deploy_version"] = null,
        };
    }

    /// <summary>A step as the agent is given it: interface, step, priority, args, reboot_requested.</summary>
    private static JsonObject AgentStep(JsonObject step) => new()
    {
        ["interface"] = step["interface"]?.DeepClone(),
        ["step"] = step["step"]?.DeepClone(),
        ["priority"] = step["priority"]?.DeepClone(),
        ["reboot_requested"] = false,
        ["args"] = DeployStepPlan.Args(step),
    };

    private static JsonObject? AfterAgentStep(Node node, AgentStepOwner agentSteps, JsonObject step, AgentCommandResult result)
    {
        var iface = step["interface"]?.GetValue<string>() ?? "";
        return iface == InterfaceTypes.Deploy ? null : agentSteps(iface)?.AfterAgentStep(node, "deploy", step, result.Result);
    }

    /// <summary>
    /// An agent's step ended FAILED: Ironic's words when it finds that at a heartbeat (agent_base's
    /// <c>process_next_step</c>), the error being the agent's details, else its message.
    /// </summary>
    private static WorkOutcome AgentStepFailed(Node node, string stepType, JsonObject step, AgentCommandResult command) =>
        new(false, $"{stepType} step {DeployStepPlan.StepId(step)} failed on node {node.Uuid}. {command.IronicError}", ErrorIsFinal: true);

    /// <summary>A step of the plan raised on the conductor (Ironic's <c>do_next_deploy_step</c>).</summary>
    private static WorkOutcome StepFailed(JsonObject step, DriverException e) =>
        new(false, $"Deploy step {DeployStepPlan.StepId(step)} failed: {e.Message}.", ErrorIsFinal: true);

    public async Task<WorkOutcome> ContinueCleanAsync(Node node, NodeDrivers drivers, IReadOnlyList<StepDefinition> localSteps,
        AgentStepOwner agentSteps, LocalStepRunner runLocal, CancellationToken ct)
    {
        var url = AgentUrl(node);
        var dii = node.DriverInternalInfo;
        JsonObject? raidConfig = null;
        try
        {
            var steps = dii[AgentStepKeys.CleanSteps] as JsonArray;
            var start = 0;
            if (steps is null)
            {
                steps = dii[AgentStepKeys.ManualCleanSteps] is JsonArray manual
                    ? ManualSteps(manual)
                    : await AutomatedStepsAsync(node, url, localSteps, ct).ConfigureAwait(false);
            }
            else if (dii[AgentStepKeys.CleanStepIndex] is JsonValue indexValue && indexValue.TryGetValue<int>(out var index))
            {
                var last = (await agent.ListCommandsAsync(url, ct).ConfigureAwait(false)).LastOrDefault(c => c.Name == "execute_clean_step");
                if (last is { IsRunning: true })
                    return new WorkOutcome(true, Waiting: true);
                if (last is { HasSucceeded: false })
                    return AgentStepFailed(node, "Clean", (JsonObject)steps[index]!, last);
                if (last is not null && steps[index] is JsonObject ended && ended["interface"]?.GetValue<string>() is { } endedIface &&
                    endedIface != InterfaceTypes.Deploy && agentSteps(endedIface) is { } endedOwner)
                    raidConfig = endedOwner.AfterAgentStep(node, "clean", ended, last.Result);
                start = last is null ? index : index + 1;
            }

            for (var i = start; i < steps.Count; i++)
            {
                var step = (JsonObject)steps[i]!;
                var iface = step["interface"]!.GetValue<string>();
                var name = step["step"]!.GetValue<string>();
                var owner = iface == InterfaceTypes.Deploy ? null : agentSteps(iface);
                if (iface != InterfaceTypes.Deploy && owner is null)
                {
                    try
                    {
                        await runLocal(iface, name, step["args"] as JsonObject ?? [], ct).ConfigureAwait(false);
                    }
                    catch (DriverException e)
                    {
                        return new WorkOutcome(false, LocalCleanStepError(node, step, e.Message), ErrorIsFinal: true);
                    }
                    continue;
                }
                JsonObject extra;
                try
                {
                    extra = owner?.BeforeAgentStep(node, "clean", step) ?? [];
                }
                catch (DriverException e)
                {
                    return new WorkOutcome(false, LocalCleanStepError(node, step, e.Message), ErrorIsFinal: true);
                }
                var result = await agent.ExecuteAsync(url, Token(node), "clean.execute_clean_step", new JsonObject
                {
                    ["step"] = step.DeepClone(),
                    ["node"] = AgentNodeView(node, extra),
                    ["ports"] = new JsonArray(),
                    ["clean_version"] = null,
                }, wait: false, ct).ConfigureAwait(false);
                if (result.IsRunning)
                    return new WorkOutcome(true, Waiting: true, InternalInfo: new JsonObject
                    {
                        [AgentStepKeys.CleanSteps] = steps.DeepClone(),
                        [AgentStepKeys.CleanStepIndex] = i,
                    }, CurrentStep: (JsonObject)step.DeepClone(), RaidConfig: raidConfig);
                if (!result.HasSucceeded)
                    return AgentStepFailed(node, "Clean", step, result);
                if (owner is not null)
                    raidConfig = owner.AfterAgentStep(node, "clean", step, result.Result) ?? raidConfig;
            }
        }
        catch (AgentBusyException)
        {
            return new WorkOutcome(true, Waiting: true);
        }

        // Cleaning is over: power off and remove the ramdisk boot.
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
        await drivers.Boot.CleanUpRamdiskAsync(node, drivers, ct).ConfigureAwait(false);
        return new WorkOutcome(true, null, PowerStates.PowerOff, InternalInfo: new JsonObject
        {
            [AgentStepKeys.CleanSteps] = null,
            [AgentStepKeys.CleanStepIndex] = null,
            [AgentStepKeys.ManualCleanSteps] = null,
        }, CurrentStep: new JsonObject(), RaidConfig: raidConfig);
    }

    /// <summary>Ironic's cleaning failure when a step fails on the conductor: <c>Node … failed step {…}: …</c>.</summary>
    private static string LocalCleanStepError(Node node, JsonObject step, string message) =>
        $"Node {node.Uuid} failed step {PythonText.Of(step)}: {message}";

    /// <summary>
    /// Automated cleaning: the agent's steps (with the configured priority overrides) and the other interfaces' steps with
    /// a priority; an out-of-band step wins over the agent's of the same name; highest priority first.
    /// </summary>
    private async Task<JsonArray> AutomatedStepsAsync(Node node, AgentEndpoint url, IReadOnlyList<StepDefinition> localSteps, CancellationToken ct)
    {
        var answer = await agent.ExecuteAsync(url, Token(node), "clean.get_clean_steps",
            new JsonObject { ["node"] = AgentNodeView(node), ["ports"] = new JsonArray() }, wait: true, ct).ConfigureAwait(false);
        var chosen = new List<(string Interface, string Step, int Priority, bool Abortable)>();
        foreach (var (_, managerSteps) in answer.Result?["clean_steps"] as JsonObject ?? [])
        {
            foreach (var step in (managerSteps as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = step["step"]?.GetValue<string>() ?? "";
                var priority = name switch
                {
                    "erase_devices" when options.EraseDevicesPriority is { } p => p,
                    "erase_devices_metadata" when options.EraseDevicesMetadataPriority is { } p => p,
                    _ => step["priority"]?.GetValue<int>() ?? 0,
                };
                chosen.RemoveAll(c => c.Step == name);
                chosen.Add((step["interface"]?.GetValue<string>() ?? InterfaceTypes.Deploy, name, priority,
                    step["abortable"]?.GetValue<bool>() ?? false));
            }
        }
        foreach (var local in localSteps.Where(s => s.Priority > 0))
        {
            chosen.RemoveAll(c => c.Step == local.Step);
            chosen.Add((local.Interface, local.Step, local.Priority, local.Abortable));
        }
        return new JsonArray(chosen
            .Where(c => c.Priority > 0)
            .OrderByDescending(c => c.Priority)
            .ThenBy(c => DeployTemplateDecisions.StepOrder(c.Interface))
            .Select(c => (JsonNode)new JsonObject
            {
                ["interface"] = c.Interface,
                ["step"] = c.Step,
                ["priority"] = c.Priority,
                ["abortable"] = c.Abortable,
                ["args"] = new JsonObject(),
            }).ToArray());
    }

    private static JsonArray ManualSteps(JsonArray manual) => new(manual.OfType<JsonObject>().Select(s => (JsonNode)new JsonObject
    {
        ["interface"] = s["interface"]?.GetValue<string>(),
        ["step"] = s["step"]?.GetValue<string>(),
        ["priority"] = 0,
        ["abortable"] = false,
        ["args"] = (s["args"] as JsonObject)?.DeepClone() ?? new JsonObject(),
    }).ToArray());

    /// <summary>
    /// tear_down_agent: asks the agent to power the machine off, reads the power state until it is off, and powers it off
    /// hard when it does not go (or the agent cannot be reached).
    /// </summary>
    private async Task TearDownAgentAsync(Node node, NodeDrivers drivers, AgentEndpoint url, CancellationToken ct)
    {
        var forceOob = DriverInfoValues.GetText(node.DriverInfo, "deploy_forces_oob_reboot") is "true" or "True" or "1";
        if (!forceOob)
        {
            try
            {
                await agent.ExecuteAsync(url, Token(node), "standby.power_off", [], wait: false, ct).ConfigureAwait(false);
                for (var attempt = 0; attempt <= options.PostDeployGetPowerStateRetries; attempt++)
                {
                    if (await drivers.Power.GetPowerStateAsync(node, ct).ConfigureAwait(false) == PowerStates.PowerOff)
                        return;
                    await Task.Delay(TimeSpan.FromSeconds(options.PostDeployGetPowerStateRetryInterval), time, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is DriverException or AgentBusyException)
            {
                // Fall through to the hard power off, as Ironic does when the agent cannot power the machine off.
            }
        }
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
    }

    private JsonObject WriteImageParams(Node node) => new()
    {
        ["step"] = new JsonObject
        {
            ["interface"] = InterfaceTypes.Deploy,
            ["step"] = WriteImage,
            ["priority"] = 80,
            ["reboot_requested"] = false,
            ["args"] = new JsonObject
            {
                ["image_info"] = ImageInfo(node),
                ["configdrive"] = node.InstanceInfo["configdrive"]?.DeepClone(),
            },
        },
        ["node"] = AgentNodeView(node),
        ["ports"] = new JsonArray(),
        ["deploy_version"] = null,
    };

    /// <summary>What the agent's write_image needs to know of the image (Ironic's <c>image_info</c>, whole-disk images).</summary>
    public JsonObject ImageInfo(Node node)
    {
        var ii = node.InstanceInfo;
        var source = DriverInfoValues.GetText(ii, "image_source") ?? "";
        var info = new JsonObject
        {
            ["id"] = source.TrimEnd('/').Split('/')[^1],
            ["urls"] = new JsonArray(ImageUrl(node)),
            ["disk_format"] = DriverInfoValues.GetText(ii, "image_disk_format"),
            ["container_format"] = DriverInfoValues.GetText(ii, "image_container_format") ?? "bare",
            ["stream_raw_images"] = options.StreamRawImages,
            ["node_uuid"] = node.Uuid.ToString(),
        };
        if (DriverInfoValues.GetText(ii, "image_checksum") is { } checksum)
            info["checksum"] = checksum;
        if (DriverInfoValues.GetText(ii, "image_os_hash_algo") is { } algo && DriverInfoValues.GetText(ii, "image_os_hash_value") is { } value)
        {
            info["os_hash_algo"] = algo;
            info["os_hash_value"] = value;
        }
        return info;
    }

    /// <summary>The node as the agent is given it: no secrets (the token and BMC credentials stay here).</summary>
    private static JsonObject AgentNodeView(Node node, JsonObject? extra = null)
    {
        var dii = node.DriverInternalInfo.Clone();
        dii.Remove("agent_secret_token");
        var view = new JsonObject
        {
            ["uuid"] = node.Uuid.ToString(),
            ["properties"] = node.Properties.DeepClone(),
            ["instance_info"] = new JsonObject
            {
                ["image_source"] = node.InstanceInfo["image_source"]?.DeepClone(),
                ["root_gb"] = node.InstanceInfo["root_gb"]?.DeepClone(),
            },
            ["driver_internal_info"] = dii,
            ["target_raid_config"] = node.TargetRaidConfig.Clone(),
            ["raid_config"] = node.RaidConfig.Clone(),
        };
        foreach (var (key, value) in extra ?? [])
            view[key] = value?.DeepClone();
        return view;
    }

    private static string? ImageUrl(Node node) =>
        DriverInfoValues.GetText(node.InstanceInfo, "image_url") ?? DriverInfoValues.GetText(node.InstanceInfo, "image_source");

    /// <summary>The agent's callback URL, and how its certificate is checked if it is https (<see cref="AgentTls.For"/>).</summary>
    private AgentEndpoint AgentUrl(Node node)
    {
        var text = DriverInfoValues.GetText(node.DriverInternalInfo, "agent_url")
                   ?? throw new DriverException($"Node {node.Uuid} has no agent_url: the agent has not heartbeated.");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            ? new AgentEndpoint(uri, uri.Scheme == Uri.UriSchemeHttps ? AgentTls.For(node, options) : AgentTls.System) { Node = node.Uuid }
            : throw new DriverException($"Node {node.Uuid}: the agent's callback URL \"{text}\" is not a URL.");
    }

    private static string? Token(Node node) => DriverInfoValues.GetText(node.DriverInternalInfo, "agent_secret_token");

    /// <summary>Power off, have the boot interface boot the agent ramdisk, power on.</summary>
    private static async Task<string?> BootRamdiskAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
        await drivers.Boot.PrepareRamdiskAsync(node, drivers, ct).ConfigureAwait(false);
        return await drivers.Power.SetPowerStateAsync(node, PowerStates.PowerOn, null, ct).ConfigureAwait(false) ?? PowerStates.PowerOn;
    }

    private static async Task PowerOffAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        if (await drivers.Power.GetPowerStateAsync(node, ct).ConfigureAwait(false) != PowerStates.PowerOff)
            await drivers.Power.SetPowerStateAsync(node, PowerStates.PowerOff, null, ct).ConfigureAwait(false);
    }

    private DriverException NeedsDrivers() =>
        new($"The {Name} deploy interface works through the node's boot and power interfaces; call it with them.");
}
