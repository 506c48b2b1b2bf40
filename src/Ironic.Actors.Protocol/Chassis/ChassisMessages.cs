using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Enclosures;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Views;
using ChassisRecord = Ironic.Actors.Domain.Enclosures.Chassis;

namespace Ironic.Actors.Protocol.Chassis;

/// <summary>
/// Requests to the chassis singleton, which owns every chassis and knows which nodes are in each. Failures
/// are answered with <see cref="Replies.Rejected"/> carrying Ironic's message.
/// </summary>
public static class ChassisCommands
{
    /// <summary>
    /// POST /v1/chassis: the body as received (a JSON object), checked once by the chassis's decision (schema, uuid).
    /// <paramref name="ChassisId"/> is the new chassis's UUID when the body gives none.
    /// </summary>
    public sealed record CreateChassis(Guid ChassisId, JsonObject Body) : IIronicMessage;

    public sealed record GetChassis(Guid ChassisId) : IIronicMessage;

    public sealed record PatchChassis(Guid ChassisId, IReadOnlyList<PatchOperation> Operations) : IIronicMessage
    {
        /// <summary>Root fields a chassis PATCH may name, in Ironic's order.</summary>
        public static IReadOnlyList<string> PatchableFields => ChassisDecisions.PatchableFields;
    }

    public sealed record DeleteChassis(Guid ChassisId) : IIronicMessage;

    /// <summary>GET /v1/chassis: sorted, after <paramref name="Marker"/>, at most <paramref name="Limit"/>.</summary>
    public sealed record ListChassis(string SortKey = "id", string SortDir = "asc", int Limit = 1000, Guid? Marker = null) : IIronicMessage;

    /// <summary>
    /// A node is about to reference the chassis (create or PATCH with <c>chassis_uuid</c>): reply
    /// <see cref="ChassisReplies.NodeAttached"/> once recorded, or Rejected (400) when the chassis does not exist.
    /// </summary>
    public sealed record AttachNode(Guid ChassisId, Guid NodeId) : IIronicMessage;

    /// <summary>A node no longer references the chassis (changed, unset, or deleted). Fire-and-forget.</summary>
    public sealed record DetachNode(Guid ChassisId, Guid NodeId) : IIronicMessage;
}

/// <summary>Answers of the chassis singleton.</summary>
public static class ChassisReplies
{
    public sealed record ChassisView(ChassisRecord Chassis) : IIronicMessage
    {
        /// <summary>What the API shows of the chassis (not serialized: built from <see cref="Chassis"/>).</summary>
        [JsonIgnore]
        public ChassisFields Fields => ChassisFields.Of(Chassis);
    }

    public sealed record ChassisPage(IReadOnlyList<ChassisRecord> Chassis, bool MarkerFound) : IIronicMessage
    {
        /// <summary>What the API shows of each chassis of the page, in order (not serialized).</summary>
        [JsonIgnore]
        public IReadOnlyList<ChassisFields> Fields => Chassis.Select(ChassisFields.Of).ToList();
    }

    /// <summary>404: no chassis has this UUID.</summary>
    public static Replies.Rejected ChassisNotFound(string ident) => Replies.Rejected.From(ChassisDecisions.ChassisNotFound(ident));

    public sealed record ChassisRemoved(Guid ChassisId) : IIronicMessage;

    public sealed record NodeAttached(Guid ChassisId, Guid NodeId) : IIronicMessage;
}

/// <summary>What the chassis singleton stores.</summary>
public static class ChassisEvents
{
    public sealed record ChassisCreated(ChassisRecord Chassis) : IIronicMessage;

    public sealed record ChassisUpdated(ChassisRecord Chassis) : IIronicMessage;

    public sealed record ChassisDeleted(Guid ChassisId, DateTimeOffset At) : IIronicMessage;

    public sealed record NodeAttached(Guid ChassisId, Guid NodeId) : IIronicMessage;

    public sealed record NodeDetached(Guid ChassisId, Guid NodeId) : IIronicMessage;

    /// <summary>One chassis and the nodes in it.</summary>
    public sealed record ChassisEntry(ChassisRecord Chassis, IReadOnlyList<Guid> Nodes);

    /// <summary>Every chassis with its nodes.</summary>
    public sealed record ChassisSnapshot(IReadOnlyList<ChassisEntry> Entries) : IIronicMessage;
}
