using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Reads and changes a node's power (Ironic's <c>PowerInterface</c>).</summary>
public interface IPowerInterface : IDriverInterface
{
    /// <summary>
    /// The actual power state: <c>PowerStates.PowerOn</c>, <c>PowerOff</c> or <c>Error</c>; null when the interface
    /// cannot tell (Ironic's fake interface before any power action).
    /// </summary>
    Task<string?> GetPowerStateAsync(Node node, CancellationToken ct);

    /// <summary>
    /// Performs a power action; <paramref name="target"/> is any of <c>PowerStates.Targets</c>
    /// (including "rebooting"). Returns the stable power state the node ends in.
    /// </summary>
    Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct);

    /// <summary>Power targets this implementation can perform on <paramref name="node"/>.</summary>
    IReadOnlyList<string> SupportedPowerStates(Node node);
}
