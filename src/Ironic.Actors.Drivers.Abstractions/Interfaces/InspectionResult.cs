using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// What an inspection found: <paramref name="Properties"/> to merge into <c>node.properties</c>
/// (null for nothing), and whether the node now waits for an out-of-band result
/// (<c>inspect wait</c>) instead of being done (<c>manageable</c>).
/// </summary>
public sealed record InspectionResult(JsonObject? Properties = null, bool Asynchronous = false)
{
    /// <summary>Inspection finished and found nothing to record.</summary>
    public static InspectionResult Done { get; } = new();
}
