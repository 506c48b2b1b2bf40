using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Network plumbing around provisioning (Ironic's <c>NetworkInterface</c>). The "noop" implementation
/// does nothing, which is right for standalone use; the extra hooks do nothing by default.
/// </summary>
public interface INetworkInterface : IDriverInterface
{
    /// <summary>Puts the node on the provisioning network (before deploy).</summary>
    Task AddProvisioningNetworkAsync(Node node, CancellationToken ct);

    /// <summary>Takes the node off the provisioning network (after deploy).</summary>
    Task RemoveProvisioningNetworkAsync(Node node, CancellationToken ct);

    /// <summary>Puts the node on the cleaning network.</summary>
    Task AddCleaningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Takes the node off the cleaning network.</summary>
    Task RemoveCleaningNetworkAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Connects the node to its tenant networks (end of deploy).</summary>
    Task ConfigureTenantNetworksAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Disconnects the node from its tenant networks (tear-down).</summary>
    Task UnconfigureTenantNetworksAsync(Node node, CancellationToken ct) => Task.CompletedTask;
}
