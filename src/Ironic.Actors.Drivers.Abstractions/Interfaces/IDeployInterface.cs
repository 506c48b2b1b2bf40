using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Writes and removes an instance (Ironic's <c>DeployInterface</c>).</summary>
public interface IDeployInterface : IDriverInterface
{
    /// <summary>The step every deploy interface has: <c>deploy.deploy</c> at priority 100, whose body is <see cref="DeployAsync(Node, CancellationToken)"/>.</summary>
    static StepDefinition CoreDeployStep { get; } = new(InterfaceTypes.Deploy, "deploy", 100, false, null);

    /// <summary>
    /// Deploy steps, by default only <see cref="CoreDeployStep"/> (as every Ironic deploy interface has it), so an
    /// implementation that only writes <see cref="DeployAsync(Node, CancellationToken)"/> deploys.
    /// </summary>
    IReadOnlyList<StepDefinition> IDriverInterface.GetDeploySteps(Node node) => [CoreDeployStep];

    /// <summary>Deploys the instance (the body of the "deploy" deploy step).</summary>
    Task DeployAsync(Node node, CancellationToken ct);

    /// <summary>Tears the instance down (ends in <c>deleted</c>).</summary>
    Task TearDownAsync(Node node, CancellationToken ct);

    /// <summary>Prepares the deploy environment (before deploy and on take-over); nothing by default.</summary>
    Task PrepareAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Cleans the deploy environment up after tear-down; nothing by default.</summary>
    Task CleanUpAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// True when <see cref="DeployAsync"/> only started the deploy and an agent on the machine finishes it: the
    /// node then waits in <c>wait call-back</c> (failed by <c>deploy_callback_timeout</c> if no call-back comes).
    /// False by default: the deploy is over when <see cref="DeployAsync"/> returns.
    /// </summary>
    bool DeployWaitsForAgent(Node node) => false;

    /// <summary>
    /// True when cleaning is handed to an agent on the machine: the node then waits in <c>clean wait</c>
    /// (failed by <c>clean_callback_timeout</c>). False by default.
    /// </summary>
    bool CleaningWaitsForAgent(Node node) => false;

    /// <summary>Takes over an active node from another conductor; nothing by default.</summary>
    Task TakeOverAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Validates with the node's other interfaces at hand (a deploy interface that boots through the boot interface
    /// checks that one too); by default <see cref="IDriverInterface.Validate"/>.
    /// </summary>
    ValidationResult Validate(Node node, NodeDrivers drivers) => Validate(node);

    /// <summary>
    /// Deploys with the node's other interfaces at hand, returning the power state the node was left in (null when
    /// the deploy did not touch power); by default <see cref="DeployAsync(Node, CancellationToken)"/>.
    /// </summary>
    async Task<string?> DeployAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await DeployAsync(node, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Tears down with the node's other interfaces at hand, returning the power state the node was left in (null when
    /// untouched); by default <see cref="TearDownAsync(Node, CancellationToken)"/>.
    /// </summary>
    async Task<string?> TearDownAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await TearDownAsync(node, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>Cleans up after tear-down with the node's other interfaces at hand; by default <see cref="CleanUpAsync(Node, CancellationToken)"/>.</summary>
    Task CleanUpAsync(Node node, NodeDrivers drivers, CancellationToken ct) => CleanUpAsync(node, ct);
}
