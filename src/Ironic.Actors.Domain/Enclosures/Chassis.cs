using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Enclosures;

/// <summary>
/// A chassis (an enclosure grouping nodes), as Ironic stores it. Immutable. (The namespace is "Enclosures"
/// so that the type name <c>Chassis</c> never collides with a namespace of the same name.)
/// </summary>
public sealed record Chassis
{
    public required Guid Uuid { get; init; }
    public string? Description { get; init; }
    public JsonObject Extra { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
