using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Hardware introspection (Ironic's <c>InspectInterface</c>).</summary>
public interface IInspectInterface : IDriverInterface
{
    /// <summary>Inspects the node and returns the properties to record.</summary>
    Task<InspectionResult> InspectAsync(Node node, CancellationToken ct);
}
