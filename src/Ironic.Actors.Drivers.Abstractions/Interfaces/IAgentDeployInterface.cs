using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Runs one clean step out of band, on the interface that offers it (how the agent deploy runs the steps of the node's
/// other interfaces between the agent's own).
/// </summary>
public delegate Task LocalStepRunner(string interfaceType, string step, JsonObject args, CancellationToken ct);

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

    /// <summary>The agent heartbeated in <c>wait call-back</c>: check the step it runs, run the next ones.</summary>
    Task<WorkOutcome> ContinueDeployAsync(Node node, NodeDrivers drivers, CancellationToken ct);

    /// <summary>
    /// The agent heartbeated in <c>clean wait</c>: choose the steps (first time), check the step it runs, run the next
    /// ones (the node's other interfaces' steps through <paramref name="runLocal"/>); at the end power off and remove the
    /// ramdisk boot.
    /// </summary>
    Task<WorkOutcome> ContinueCleanAsync(Node node, NodeDrivers drivers, IReadOnlyList<StepDefinition> localSteps,
        LocalStepRunner runLocal, CancellationToken ct);
}
