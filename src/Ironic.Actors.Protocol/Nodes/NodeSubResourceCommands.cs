using System.Text.Json.Nodes;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>A request for one of a node's sub-resources; the node entity handles them all in one place.</summary>
public interface INodeSubResourceCommand : IWithNodeId;

/// <summary>
/// Requests for a node's traits, interface validation, boot device and vendor passthru, sent through the
/// node shard region. Trait changes answer <see cref="NodeReplies.Accepted"/>; the others answer with a
/// <see cref="DriverCallReplies"/> message (or <see cref="Replies.Rejected"/>).
/// </summary>
public static class NodeSubResourceCommands
{
    /// <summary>PUT /v1/nodes/{id}/traits: replace all traits.</summary>
    public sealed record SetTraits(Guid NodeId, IReadOnlyList<string> Traits) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>PUT /v1/nodes/{id}/traits/{trait}.</summary>
    public sealed record AddTrait(Guid NodeId, string Trait) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>DELETE /v1/nodes/{id}/traits.</summary>
    public sealed record RemoveTraits(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>DELETE /v1/nodes/{id}/traits/{trait}.</summary>
    public sealed record RemoveTrait(Guid NodeId, string Trait) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/validate; answers <see cref="DriverCallReplies.ValidationReport"/>.</summary>
    public sealed record ValidateInterfaces(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/management/boot_device; answers <see cref="DriverCallReplies.BootDevice"/>.</summary>
    public sealed record GetBootDevice(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>PUT /v1/nodes/{id}/management/boot_device; answers <see cref="DriverCallReplies.Done"/> once set.</summary>
    public sealed record SetBootDevice(Guid NodeId, string Device, bool Persistent) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/management/boot_device/supported; answers <see cref="DriverCallReplies.SupportedBootDevices"/>.</summary>
    public sealed record GetSupportedBootDevices(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/vendor_passthru/methods; answers <see cref="DriverCallReplies.VendorMethods"/>.</summary>
    public sealed record GetVendorMethods(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>
    /// Any HTTP method on /v1/nodes/{id}/vendor_passthru?method=X (or /vendor_passthru/X) with the request body
    /// as arguments; answers <see cref="DriverCallReplies.VendorCallResult"/>, at once for asynchronous methods.
    /// </summary>
    public sealed record CallVendorMethod(Guid NodeId, string Method, string HttpMethod, JsonNode? Body)
        : INodeSubResourceCommand, IIronicMessage;

    /// <summary>
    /// GET /v1/nodes/{id}/states/console; answers <see cref="DriverCallReplies.ConsoleState"/> (the console interface
    /// is asked for the connection details only while the console is enabled).
    /// </summary>
    public sealed record GetConsole(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>
    /// PUT /v1/nodes/{id}/states/console: start (true) or stop (false) the console; null asks for nothing. Answers
    /// <see cref="NodeReplies.Accepted"/> once the console interface has switched it and the change is stored.
    /// </summary>
    public sealed record SetConsoleMode(Guid NodeId, bool? Enabled) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>
    /// PUT /v1/nodes/{id}/states/raid (1.12+): store <paramref name="Config"/> as target_raid_config once the RAID
    /// interface accepts it; answers <see cref="NodeReplies.Accepted"/>.
    /// </summary>
    public sealed record SetTargetRaidConfig(Guid NodeId, JsonObject Config) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/vifs (1.28+); answers <see cref="NodeReplies.Vifs"/>.</summary>
    public sealed record ListVifs(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>
    /// POST /v1/nodes/{id}/vifs (1.28+): attach VIF <paramref name="VifId"/>, to the port or portgroup named when one is
    /// (see <see cref="Domain.Decisions.VifRequest"/>); answers <see cref="NodeReplies.Accepted"/> once stored.
    /// </summary>
    public sealed record AttachVif(Guid NodeId, string VifId, string? PortUuid, string? PortgroupUuid)
        : INodeSubResourceCommand, IIronicMessage;

    /// <summary>DELETE /v1/nodes/{id}/vifs/{vif_id} (1.28+); answers <see cref="NodeReplies.Accepted"/> once stored.</summary>
    public sealed record DetachVif(Guid NodeId, string VifId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/history[/{event}] (1.78+); answers <see cref="NodeReplies.History"/>.</summary>
    public sealed record GetHistory(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/inventory (1.81+); answers <see cref="NodeReplies.Inventory"/>.</summary>
    public sealed record GetInventory(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;

    /// <summary>GET /v1/nodes/{id}/bios[/{setting}] (1.40+); answers <see cref="NodeReplies.Bios"/>.</summary>
    public sealed record GetBios(Guid NodeId) : INodeSubResourceCommand, IIronicMessage;
}
