using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Protocol.Views;

/// <summary>What the API shows of one entry of a node's history (see <see cref="PortFields"/>: built from a reply, never sent).</summary>
public sealed record HistoryEntryFields(
    Guid Uuid, DateTimeOffset CreatedAt, string Severity, string EventType, string Event, string Conductor, string? User)
{
    public static HistoryEntryFields Of(NodeHistoryEntry entry) =>
        new(entry.Uuid, entry.CreatedAt, entry.Severity, entry.EventType, entry.Event, entry.Conductor, entry.User);
}

/// <summary>What the API shows of one BIOS setting of a node (built from a reply, never sent).</summary>
public sealed record BiosSettingFields(
    string Name, string? Value, string? AttributeType, IReadOnlyList<string>? AllowableValues, long? LowerBound, long? MaxLength,
    long? MinLength, bool? ReadOnly, bool? ResetRequired, bool? Unique, long? UpperBound, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static BiosSettingFields Of(BiosSetting s) => new(
        s.Name, s.Value, s.AttributeType, s.AllowableValues, s.LowerBound, s.MaxLength, s.MinLength, s.ReadOnly, s.ResetRequired,
        s.Unique, s.UpperBound, s.CreatedAt, s.UpdatedAt);
}
