using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Templates;

/// <summary>
/// A deploy template (Ironic 1.55): named like a trait, it adds its steps to the deploy of any node whose
/// instance asks for that trait. Immutable.
/// </summary>
public sealed record DeployTemplate
{
    public required Guid Uuid { get; init; }
    public required string Name { get; init; }
    public ImmutableArray<DeployStep> Steps { get; init; } = [];
    public JsonObject Extra { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One step of a deploy template: a driver interface's step with its arguments and priority (0 disables it).</summary>
public sealed record DeployStep(string Interface, string Step, JsonObject Args, int Priority);
