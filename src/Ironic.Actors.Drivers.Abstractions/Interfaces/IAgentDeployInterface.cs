using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Runs one clean step out of band, on the interface that offers it (how the agent deploy runs the steps of the node's
/// other interfaces between the agent's own).
/// </summary>
public delegate Task LocalStepRunner(string interfaceType, string step, JsonObject args, CancellationToken ct);

/// <summary>The node's interface of a type when the agent runs its steps (null when they run out of band).</summary>
public delegate IAgentStepInterface? AgentStepOwner(string interfaceType);

/// <summary>
/// An interface whose steps the agent ramdisk runs (Ironic's agent RAID interface): the agent deploy sends them to the
/// agent as <c>execute_clean_step</c> / <c>execute_deploy_step</c> commands; the interface checks a step before it is
/// sent and reads the command's result when it ends (Ironic's post-step hooks).
/// </summary>
public interface IAgentStepInterface : IDriverInterface
{
    /// <summary>
    /// Checks <paramref name="step"/> (of type "clean" or "deploy") before it is sent; throws a <see cref="DriverException"/>
    /// with Ironic's words when it cannot run. Returns fields to add to the node the agent is given (may be empty).
    /// </summary>
    JsonObject BeforeAgentStep(Node node, string stepType, JsonObject step);

    /// <summary>
    /// The agent's command for <paramref name="step"/> succeeded with <paramref name="commandResult"/>: the node's new
    /// <c>raid_config</c> (empty when deleted), or null when the step changes none. Throws when the result is unusable.
    /// </summary>
    JsonObject? AfterAgentStep(Node node, string stepType, JsonObject step, JsonObject? commandResult);
}

/// <summary>
/// A deploy interface whose work an agent ramdisk on the machine carries out (Ironic's <c>AgentBaseMixin</c>): it boots
/// the ramdisk, the node waits, and every heartbeat of the agent moves the work on. Each call returns at once with
/// where the work stands: done, failed, or <see cref="WorkOutcome.Waiting"/> for the agent (with the progress to keep
/// in <c>driver_internal_info</c>), never blocking until the agent's command ends.
/// </summary>
public interface IAgentDeployInterface : IDeployInterface
{
    /// <summary>
    /// Cleaning starts (tear-down, provide, or a manual clean with <paramref name="manualSteps"/>): boots the agent
    /// ramdisk and waits for it, or returns done when there is nothing to clean.
    /// </summary>
    Task<WorkOutcome> PrepareCleaningAsync(Node node, NodeDrivers drivers, JsonArray? manualSteps, bool automatedClean, CancellationToken ct);

    /// <summary>
    /// The agent heartbeated in <c>wait call-back</c>: check the step it runs, run the next steps of the node's deploy plan
    /// (the agent's own and those of <paramref name="agentSteps"/> in the agent, other interfaces' through
    /// <paramref name="runLocal"/>).
    /// </summary>
    Task<WorkOutcome> ContinueDeployAsync(Node node, NodeDrivers drivers, AgentStepOwner agentSteps, LocalStepRunner runLocal,
        CancellationToken ct);

    /// <summary>
    /// The agent heartbeated in <c>clean wait</c>: choose the steps (first time), check the step it runs, run the next
    /// ones (the node's other interfaces' steps through <paramref name="runLocal"/>); at the end power off and remove the
    /// ramdisk boot.
    /// </summary>
    Task<WorkOutcome> ContinueCleanAsync(Node node, NodeDrivers drivers, IReadOnlyList<StepDefinition> localSteps,
        AgentStepOwner agentSteps, LocalStepRunner runLocal, CancellationToken ct);
}
