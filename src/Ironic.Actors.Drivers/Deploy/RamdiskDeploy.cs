using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Deploy;

/// <summary>
/// The "ramdisk" deploy interface: nothing is written to disk and no agent is involved. Deploying powers the node off,
/// has the boot interface prepare the instance (e.g. mount <c>instance_info/boot_iso</c>) and powers it on; the node
/// is then <c>active</c>. Tearing down powers it off, and cleaning up has the boot interface undo its preparation.
/// </summary>
public sealed class RamdiskDeploy : IDeployInterface
{
    /// <summary>The single deploy step, as Ironic's.</summary>
    public static StepDefinition DeployStep => IDeployInterface.CoreDeployStep;

    public string Name => "ramdisk";
    public string InterfaceType => InterfaceTypes.Deploy;

    /// <summary>Nothing to check without the boot interface; see <see cref="Validate(Node, NodeDrivers)"/>.</summary>
    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public ValidationResult Validate(Node node, NodeDrivers drivers)
    {
        if (!drivers.Boot.Capabilities.Contains(IBootInterface.RamdiskBoot))
            return ValidationResult.Fail("Invalid configuration: The boot interface in use does not support deploy interface " +
                                         "\"ramdisk\". Please select a boot interface which supports this functionality.");
        return drivers.Boot.Validate(node, drivers);
    }

    public IReadOnlyList<StepDefinition> GetDeploySteps(Node node) => [DeployStep];

    public Task DeployAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());
    public Task TearDownAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());

    public async Task<string?> DeployAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
        await drivers.Boot.PrepareInstanceAsync(node, drivers, ct).ConfigureAwait(false);
        return await drivers.Power.SetPowerStateAsync(node, PowerStates.PowerOn, null, ct).ConfigureAwait(false);
    }

    public async Task<string?> TearDownAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        await PowerOffAsync(node, drivers, ct).ConfigureAwait(false);
        return PowerStates.PowerOff;
    }

    public Task CleanUpAsync(Node node, NodeDrivers drivers, CancellationToken ct) => drivers.Boot.CleanUpInstanceAsync(node, drivers, ct);

    /// <summary>Off unless already off (Ironic's power action does nothing when the node is in the target state).</summary>
    private static async Task PowerOffAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        if (await drivers.Power.GetPowerStateAsync(node, ct).ConfigureAwait(false) != PowerStates.PowerOff)
            await drivers.Power.SetPowerStateAsync(node, PowerStates.PowerOff, null, ct).ConfigureAwait(false);
    }

    private DriverException NeedsDrivers() =>
        new($"The {Name} deploy interface works through the node's boot and power interfaces; call it with them.");
}
