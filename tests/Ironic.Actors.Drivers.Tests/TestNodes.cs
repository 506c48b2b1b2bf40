using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Drivers.Tests;

/// <summary>Nodes and option sets shared by the driver tests.</summary>
internal static class TestNodes
{
    public static readonly NodeInterfaces FakeInterfaces = new(
        "fake", "fake", "fake", "fake", "fake", "fake", "noop", "fake", "fake", "fake", "noop", "fake");

    public static Node FakeNode(string? powerState = null) => new()
    {
        Uuid = Guid.Parse("235a04b7-48cd-434e-b03e-f731e64998f7"),
        Driver = "fake-hardware",
        ProvisionState = ProvisionStates.Enroll,
        PowerState = powerState,
        Interfaces = FakeInterfaces,
        CreatedAt = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero),
    };

    public static IReadOnlyDictionary<string, string?> Request(params (string Type, string Name)[] entries) =>
        entries.ToDictionary(e => e.Type, e => (string?)e.Name);
}
