using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// Whether PUT /states/console must start or stop the console. Ironic does nothing (and still answers 202) when the
    /// console already is as asked, and nothing either for <c>{"enabled": null}</c>, whose worker cannot store a null.
    /// </summary>
    public static bool ConsoleSwitchNeeded(Node node, bool? enabled) => enabled is { } wanted && wanted != node.ConsoleEnabled;

    /// <summary>The console interface started (or stopped) the console: store it, clearing last_error as Ironic does.</summary>
    public static Decision ConsoleSwitched(Node node, bool enabled, NodeContext ctx) =>
        node.ConsoleEnabled == enabled && node.LastError is null
            ? Decision.Accept()
            : Decision.Accept(new ConsoleModeChanged(node.Uuid, enabled, ctx.Now));

    /// <summary>
    /// Whether the RAID interface must check a target RAID configuration before it is stored: Ironic checks it only when
    /// it is not empty (an empty one clears the target, whatever the RAID interface).
    /// </summary>
    public static bool RaidConfigNeedsCheck(JsonObject config) => config.Count > 0;

    /// <summary>
    /// PUT /states/raid, once the RAID interface accepted the configuration (or it is empty): the node's
    /// <c>target_raid_config</c> becomes <paramref name="config"/>. Refused with 409 while the node is locked.
    /// </summary>
    public static Decision SetTargetRaidConfig(Node node, JsonObject config, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        return JsonNode.DeepEquals(node.TargetRaidConfig, config)
            ? Decision.Accept()
            : Decision.Accept(new TargetRaidConfigChanged(node.Uuid, config.Clone(), ctx.Now));
    }
}
