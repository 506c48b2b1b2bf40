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

/// <summary>
/// A RAID step ended (the agent's create or apply, or a delete): the node's <c>raid_config</c> becomes
/// <paramref name="RaidConfig"/> (empty after a delete) and its <c>properties</c> become <paramref name="Properties"/>
/// (root volume size, root device hint and <c>raid_level</c> capability, as Ironic's post-step hooks update them).
/// </summary>
public sealed record RaidConfigRecorded(Guid NodeId, JsonObject RaidConfig, JsonObject Properties, DateTimeOffset At) : INodeEvent;
