using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Views;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Answers of a node entity. Sent only after the events of a write are stored.</summary>
public static class NodeReplies
{
    /// <summary>
    /// The node as stored, with what is not stored: the conductor holding its lock
    /// (<paramref name="Reservation"/>) and the conductor hosting it (<paramref name="Conductor"/>).
    /// <paramref name="Version"/> is the entity's journal sequence number, so readers can order views.
    /// </summary>
    public sealed record NodeView(Node Node, string? Reservation, string Conductor, long Version) : IIronicMessage
    {
        /// <summary>The node shows work in progress (a transitional state, a pending power change) that only its entity can resolve.</summary>
        [JsonIgnore]
        public bool NeedsResolution => NodeDecisions.NeedsResolution(Node);
    }

    /// <summary>A write was accepted; the body is the node right after it (for read-your-writes).</summary>
    public sealed record Accepted(NodeView View) : IIronicMessage;

    /// <summary>404 to an agent's lookup: Ironic's answer whether no node has the address or the node may not be looked up.</summary>
    public static Replies.Rejected LookupNotFound() => Replies.Rejected.From(NodeDecisions.LookupNotFound());

    /// <summary>Ironic's "No valid host" when no live conductor serves the node's hardware type in its conductor group.</summary>
    public static Replies.Rejected NoValidHost(string driver, string conductorGroup) => Replies.Rejected.From(NodeDecisions.NoValidHost(driver, conductorGroup));

    /// <summary>The node is gone after a successful delete.</summary>
    public sealed record Deleted(Guid NodeId, long Version) : IIronicMessage;

    /// <summary>Answer to <see cref="NodeCommands.WakeNode"/>.</summary>
    public sealed record Awake(Guid NodeId) : IIronicMessage;

    /// <summary>The VIFs attached to the node (GET /v1/nodes/{id}/vifs), in Ironic's order.</summary>
    public sealed record Vifs(IReadOnlyList<string> Ids) : IIronicMessage;

    /// <summary>The history entries of node <paramref name="NodeId"/>, oldest first.</summary>
    public sealed record History(Guid NodeId, IReadOnlyList<NodeHistoryEntry> Entries) : IIronicMessage
    {
        /// <summary>What the API shows of each entry, in order (not serialized: built from <see cref="Entries"/>).</summary>
        [JsonIgnore]
        public IReadOnlyList<HistoryEntryFields> Fields => Entries.Select(HistoryEntryFields.Of).ToList();
    }

    /// <summary>The node's cached BIOS settings, sorted by name (API 1.40).</summary>
    public sealed record Bios(Guid NodeId, IReadOnlyList<BiosSetting> Settings) : IIronicMessage
    {
        /// <summary>What the API shows of each setting, in order (not serialized: built from <see cref="Settings"/>).</summary>
        [JsonIgnore]
        public IReadOnlyList<BiosSettingFields> Fields => Settings.Select(BiosSettingFields.Of).ToList();
    }

    /// <summary>The node's stored inventory and plugin data (API 1.81); nulls when no inspection stored one.</summary>
    public sealed record Inventory(Guid NodeId, System.Text.Json.Nodes.JsonObject? Data, System.Text.Json.Nodes.JsonObject? PluginData) : IIronicMessage;
}
