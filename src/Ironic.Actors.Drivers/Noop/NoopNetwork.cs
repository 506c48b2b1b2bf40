using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>The "noop" network interface: no network switching at all, right for standalone use.</summary>
public sealed class NoopNetwork : INetworkInterface
{
    public string Name => "noop";
    public string InterfaceType => InterfaceTypes.Network;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task AddProvisioningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task RemoveProvisioningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task AddCleaningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task RemoveCleaningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task ConfigureTenantNetworksAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task UnconfigureTenantNetworksAsync(Node node, CancellationToken ct) => Task.CompletedTask;
}
