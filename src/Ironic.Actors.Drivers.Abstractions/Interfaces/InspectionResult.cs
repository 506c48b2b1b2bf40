using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// What an inspection found: <paramref name="Properties"/> to merge into <c>node.properties</c>
/// (null for nothing), and whether the node now waits for an out-of-band result
/// (<c>inspect wait</c>) instead of being done (<c>manageable</c>). <paramref name="Macs"/> are the MAC addresses of the
/// enabled NICs found (the node gets a port for each it lacks); <paramref name="Inventory"/> is the hardware inventory
/// to store, in the agent's shape.
/// </summary>
public sealed record InspectionResult(JsonObject? Properties = null, bool Asynchronous = false,
    IReadOnlyList<string>? Macs = null, JsonObject? Inventory = null)
{
    /// <summary>Inspection finished and found nothing to record.</summary>
    public static InspectionResult Done { get; } = new();
}
