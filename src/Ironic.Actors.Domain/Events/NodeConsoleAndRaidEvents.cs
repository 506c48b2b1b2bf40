using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Events;

/// <summary>
/// The node's console was started (<paramref name="Enabled"/> true) or stopped by its console interface; as in
/// Ironic, switching it also clears <c>last_error</c>.
/// </summary>
public sealed record ConsoleModeChanged(Guid NodeId, bool Enabled, DateTimeOffset At) : INodeEvent;

/// <summary>
/// PUT /states/raid stored <paramref name="Config"/> as the node's <c>target_raid_config</c> (an empty object clears it).
/// </summary>
public sealed record TargetRaidConfigChanged(Guid NodeId, JsonObject Config, DateTimeOffset At) : INodeEvent;
