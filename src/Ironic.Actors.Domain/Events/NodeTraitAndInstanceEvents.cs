using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Events;

/// <summary>The node's traits are now exactly <paramref name="Traits"/> (the traits API: add, remove, replace).</summary>
public sealed record TraitsChanged(Guid NodeId, ImmutableArray<string> Traits, DateTimeOffset At) : INodeEvent;

/// <summary>
/// A provisioning request wrote parts of <c>instance_info</c>: the keys of <paramref name="Set"/> were set to
/// its values (e.g. <c>configdrive</c> on deploy, <c>rescue_password</c> on rescue), then the keys in
/// <paramref name="Removed"/> were taken out (e.g. <c>rescue_password</c> on unrescue).
/// </summary>
public sealed record InstanceInfoChanged(Guid NodeId, JsonObject Set, IReadOnlyList<string> Removed, DateTimeOffset At) : INodeEvent
{
    /// <summary><paramref name="instanceInfo"/> with this change made (a new object; the argument is not touched).</summary>
    public JsonObject ApplyTo(JsonObject instanceInfo)
    {
        var result = instanceInfo.Clone();
        foreach (var (key, value) in Set)
            result[key] = value.CloneValue();
        foreach (var key in Removed)
            result.Remove(key);
        return result;
    }
}
