using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Allocations;

namespace Ironic.Actors.Protocol.Views;

/// <summary>What the API shows of an allocation (see <see cref="PortFields"/>: built from a reply, never sent).</summary>
public sealed record AllocationFields(
    Guid Uuid, string? Name, string? ResourceClass, IReadOnlyList<string> Traits, IReadOnlyList<string> CandidateNodes, JsonObject Extra,
    string? Owner, string State, string? LastError, Guid? NodeUuid, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static AllocationFields Of(Allocation a) => new(
        a.Uuid, a.Name, a.ResourceClass, a.Traits, a.CandidateNodes, a.Extra, a.Owner, a.State, a.LastError, a.NodeUuid, a.CreatedAt, a.UpdatedAt);
}
