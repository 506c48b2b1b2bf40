using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// A bare-metal node as Ironic stores it. Immutable: every change makes a new record, and the
/// JSON objects held here are never mutated after construction (copy with <see cref="Json.Clone"/>).
/// </summary>
public sealed record Node
{
    public required Guid Uuid { get; init; }
    public string? Name { get; init; }
    public required string Driver { get; init; }
    public JsonObject DriverInfo { get; init; } = new();
    public JsonObject DriverInternalInfo { get; init; } = new();
    public JsonObject Properties { get; init; } = new();
    public JsonObject InstanceInfo { get; init; } = new();
    public JsonObject Extra { get; init; } = new();
    public JsonObject CleanStep { get; init; } = new();
    public JsonObject DeployStep { get; init; } = new();
    public JsonObject RaidConfig { get; init; } = new();
    public JsonObject TargetRaidConfig { get; init; } = new();
    public JsonObject NetworkData { get; init; } = new();
    public string? InstanceUuid { get; init; }
    /// <summary>The allocation holding this node (1.52); set and cleared only by allocation events.</summary>
    public Guid? AllocationUuid { get; init; }
    public string? ChassisUuid { get; init; }
    public string? PowerState { get; init; }
    public string? TargetPowerState { get; init; }
    public required string ProvisionState { get; init; }
    public string? TargetProvisionState { get; init; }
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }
    public string? LastError { get; init; }
    public bool Maintenance { get; init; }
    public string? MaintenanceReason { get; init; }
    public string? Fault { get; init; }
    public bool ConsoleEnabled { get; init; }
    public DateTimeOffset? InspectionStartedAt { get; init; }
    public DateTimeOffset? InspectionFinishedAt { get; init; }
    public required NodeInterfaces Interfaces { get; init; }
    public string? ResourceClass { get; init; }
    public ImmutableArray<string> Traits { get; init; } = [];
    public string ConductorGroup { get; init; } = "";
    public bool? AutomatedClean { get; init; }
    public bool Protected { get; init; }
    public string? ProtectedReason { get; init; }
    public string? Owner { get; init; }
    public string? Lessee { get; init; }
    public string? Description { get; init; }
    /// <summary>False for a new node; null once a patch removes it or sets it to null, as Ironic stores it.</summary>
    public bool? Retired { get; init; } = false;
    public string? RetiredReason { get; init; }
    public string? BootMode { get; init; }
    public bool? SecureBoot { get; init; }
    public string? Shard { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
