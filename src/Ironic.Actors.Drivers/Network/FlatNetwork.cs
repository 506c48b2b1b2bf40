using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Network;

/// <summary>
/// The "flat" network interface: every node shares one flat network, and VIFs are attached to the node's ports and
/// portgroups (<see cref="Domain.Decisions.VifDecisions"/>: the node entity records them in the parts'
/// <c>internal_info</c>). Ironic's flat interface also binds the VIFs' neutron ports and checks the cleaning network
/// with neutron; there is no neutron here, so the provisioning hooks have nothing to do and validation always passes.
/// </summary>
public sealed class FlatNetwork : INetworkInterface
{
    public string Name => "flat";
    public string InterfaceType => InterfaceTypes.Network;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task AddProvisioningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task RemoveProvisioningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
}
