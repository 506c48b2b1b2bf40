using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Allocations;

/// <summary>
/// An allocation (Ironic 1.52): a request for one node of a resource class, with traits and optional candidate
/// nodes, that the conductor fills by reserving a matching node. Immutable; <see cref="CandidateNodes"/> holds
/// node UUIDs (names given in the request are resolved before the allocation is created, as Ironic does).
/// </summary>
public sealed record Allocation
{
    public required Guid Uuid { get; init; }
    public string? Name { get; init; }
    public string? ResourceClass { get; init; }
    public ImmutableArray<string> Traits { get; init; } = [];
    public ImmutableArray<string> CandidateNodes { get; init; } = [];
    public JsonObject Extra { get; init; } = new();
    public string? Owner { get; init; }
    public string State { get; init; } = AllocationStates.Allocating;
    public string? LastError { get; init; }
    public Guid? NodeUuid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Ironic's allocation states.</summary>
public static class AllocationStates
{
    public const string Allocating = "allocating";
    public const string Active = "active";
    public const string Error = "error";
}
