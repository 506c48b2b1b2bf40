namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// One entry of a node's history (API 1.78): an error or fault Ironic recorded against the node, with the time, its
/// severity (<c>ERROR</c>), the kind of activity it happened in (<see cref="EventType"/>: "deploying", "cleaning",
/// "monitoring", ... or "UNKNOWN"), the message (also the node's <c>last_error</c>), the conductor that recorded it and
/// the user who asked (null for conductor-side failures).
/// </summary>
public sealed record NodeHistoryEntry(
    Guid Uuid, DateTimeOffset CreatedAt, string Severity, string EventType, string Event, string Conductor, string? User);
