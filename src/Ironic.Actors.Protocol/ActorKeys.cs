namespace Ironic.Actors.Protocol;

/// <summary>
/// Keys under which the actors of Ironic.Actors are registered in Akka.Hosting's <c>ActorRegistry</c>
/// (inject them as <c>IRequiredActor&lt;TKey&gt;</c>). Empty types: they only name an actor.
/// </summary>
public static class ActorKeys
{
    /// <summary>The node shard region (or its proxy on gateway-only members). Accepts <see cref="IWithNodeId"/> messages.</summary>
    public sealed class NodeRegion;

    /// <summary>Proxy of the node registry singleton (names, UUIDs, instance UUIDs).</summary>
    public sealed class NodeRegistry;

    /// <summary>This member's node query model (the read side for lists).</summary>
    public sealed class NodeQueryModel;

    /// <summary>Proxy of the chassis singleton (every chassis and the nodes in it).</summary>
    public sealed class Chassis;

    /// <summary>Proxy of the allocations singleton (every allocation).</summary>
    public sealed class Allocations;

    /// <summary>Proxy of the deploy templates singleton (every deploy template).</summary>
    public sealed class DeployTemplates;

    /// <summary>The HTTP gateway actor that turns API requests into messages.</summary>
    public sealed class Gateway;

    /// <summary>This member's conductor actor (conductor members only).</summary>
    public sealed class Conductor;

    /// <summary>The actor name every conductor member gives its conductor actor, so others can find it by path.</summary>
    public const string ConductorActorName = "ironic-conductor";

    /// <summary>The cluster role of conductor members.</summary>
    public const string ConductorRole = "conductor";

    /// <summary>The cluster role of gateway members.</summary>
    public const string GatewayRole = "gateway";

    /// <summary>The name of the node shard region (shared by region and proxies).</summary>
    public const string NodeRegionName = "nodes";
}
