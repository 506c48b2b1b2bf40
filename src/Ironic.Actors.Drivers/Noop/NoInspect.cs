using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-inspect": hardware inspection is not supported.</summary>
public sealed class NoInspect : IInspectInterface
{
    public string Name => "no-inspect";
    public string InterfaceType => InterfaceTypes.Inspect;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public Task<InspectionResult> InspectAsync(Node node, CancellationToken ct) => Unsupported.Action<InspectionResult>(node, InterfaceType);
}
