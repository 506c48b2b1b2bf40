namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// The <c>driver_internal_info</c> keys in which agent-driven work keeps its progress between heartbeats (Ironic keeps
/// the same facts in <c>deploy_step</c>/<c>clean_step</c> and <c>*_step_index</c>).
/// </summary>
public static class AgentStepKeys
{
    /// <summary>The deploy step the agent was asked to run asynchronously and has not reported on yet.</summary>
    public const string DeployStep = "agent_deploy_step";

    /// <summary>The clean steps chosen for this cleaning (a list of {interface, step, priority, args}).</summary>
    public const string CleanSteps = "agent_clean_steps";

    /// <summary>The index in <see cref="CleanSteps"/> of the step the agent is running.</summary>
    public const string CleanStepIndex = "agent_clean_step_index";

    /// <summary>The steps a manual cleaning asked for, kept while the ramdisk boots.</summary>
    public const string ManualCleanSteps = "agent_manual_clean_steps";
}
