using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-rescue": rescue mode is not supported.</summary>
public sealed class NoRescue : IRescueInterface
{
    public string Name => "no-rescue";
    public string InterfaceType => InterfaceTypes.Rescue;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public Task RescueAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
    public Task UnrescueAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
}
