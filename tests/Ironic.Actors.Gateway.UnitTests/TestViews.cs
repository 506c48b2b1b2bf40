using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>The node of the reference samples (sample-1, fake-hardware), as the entity would report it.</summary>
internal static class TestViews
{
    public const string BaseUrl = "http://127.0.0.1:6385";
    public static readonly Guid SampleId = Guid.Parse("235a04b7-48cd-434e-b03e-f731e64998f7");

    public static readonly NodeInterfaces FakeInterfaces =
        new("fake", "fake", "fake", "fake", "fake", "fake", "noop", "fake", "fake", "fake", "noop", "fake");

    /// <summary>2026-11-24T23:31:11 plus <paramref name="micros"/> microseconds, UTC.</summary>
    public static DateTimeOffset At(int second, int micros = 0) =>
        new DateTimeOffset(2026, 11, 24, 23, 31, second, TimeSpan.Zero).AddTicks(micros * 10L);

    public static Node Enrolled(DateTimeOffset createdAt) => new()
    {
        Uuid = SampleId,
        Name = "sample-1",
        Driver = "fake-hardware",
        Properties = new JsonObject { ["cpus"] = 2 },
        ProvisionState = "enroll",
        Interfaces = FakeInterfaces,
        CreatedAt = createdAt,
    };

    public static NodeReplies.NodeView View(Node node, string? reservation = null) =>
        new(node, reservation, "127.0.0.1", 1);

    /// <summary>The node after manage, provide, power on, deploy, and a patch adding extra.k.</summary>
    public static Node Patched() => Enrolled(At(11)) with
    {
        UpdatedAt = At(20),
        DriverInternalInfo = (JsonObject)JsonNode.Parse(
            """{"clean_steps": null, "last_power_state_change": "2026-11-24T23:31:15.477422", "deploy_steps": null}""")!,
        Extra = new JsonObject { ["k"] = "v" },
        PowerState = "power on",
        ProvisionState = "active",
        ProvisionUpdatedAt = At(17),
    };
}
