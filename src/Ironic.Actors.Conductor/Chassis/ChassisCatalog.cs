using Ironic.Actors.Protocol.Chassis;
using ChassisRecord = Ironic.Actors.Domain.Enclosures.Chassis;

namespace Ironic.Actors.Conductor.Chassis;

/// <summary>
/// The chassis singleton's state: every chassis, and the nodes that reference each one. Mutable only through
/// <see cref="Apply"/>. Ironic keeps chassis in a table and finds a chassis's nodes by a foreign key; here a
/// node asks to be attached before it stores a <c>chassis_uuid</c> and is detached after it stops holding one.
/// </summary>
public sealed class ChassisCatalog
{
    private readonly Dictionary<Guid, ChassisRecord> _chassis = new();
    private readonly Dictionary<Guid, HashSet<Guid>> _members = new();

    /// <summary>Sort keys a chassis list accepts (columns of Ironic's chassis table, less <c>extra</c>).</summary>
    public static readonly IReadOnlyDictionary<string, Func<ChassisRecord, IComparable?>> SortKeys =
        new Dictionary<string, Func<ChassisRecord, IComparable?>>
        {
            ["id"] = c => c.CreatedAt,
            ["uuid"] = c => c.Uuid.ToString(),
            ["description"] = c => c.Description,
            ["created_at"] = c => c.CreatedAt,
            ["updated_at"] = c => c.UpdatedAt,
        };

    public int Count => _chassis.Count;

    public ChassisRecord? Find(Guid id) => _chassis.GetValueOrDefault(id);

    public IReadOnlyCollection<Guid> NodesOf(Guid id) => _members.TryGetValue(id, out var set) ? set : [];

    public bool Holds(Guid chassisId, Guid nodeId) => _members.TryGetValue(chassisId, out var set) && set.Contains(nodeId);

    public void Apply(object e)
    {
        switch (e)
        {
            case ChassisEvents.ChassisCreated c:
                _chassis[c.Chassis.Uuid] = c.Chassis;
                break;
            case ChassisEvents.ChassisUpdated u:
                _chassis[u.Chassis.Uuid] = u.Chassis;
                break;
            case ChassisEvents.ChassisDeleted d:
                _chassis.Remove(d.ChassisId);
                _members.Remove(d.ChassisId);
                break;
            case ChassisEvents.NodeAttached a:
                if (!_members.TryGetValue(a.ChassisId, out var set))
                    _members[a.ChassisId] = set = [];
                set.Add(a.NodeId);
                break;
            case ChassisEvents.NodeDetached d when _members.TryGetValue(d.ChassisId, out var members):
                members.Remove(d.NodeId);
                break;
            case ChassisEvents.ChassisSnapshot s:
                foreach (var entry in s.Entries)
                {
                    _chassis[entry.Chassis.Uuid] = entry.Chassis;
                    _members[entry.Chassis.Uuid] = [.. entry.Nodes];
                }
                break;
        }
    }

    public ChassisEvents.ChassisSnapshot ToSnapshot() => new(
        _chassis.Values.OrderBy(c => c.CreatedAt)
            .Select(c => new ChassisEvents.ChassisEntry(c, NodesOf(c.Uuid).Order().ToList())).ToList());

    /// <summary>One page in the order asked; ties broken by creation time, then UUID.</summary>
    public ChassisReplies.ChassisPage Page(ChassisCommands.ListChassis q)
    {
        var page = SortedPages.Page(_chassis.Values, SortKeys.GetValueOrDefault(q.SortKey) ?? SortKeys["id"], c => c.CreatedAt, c => c.Uuid,
            q.SortDir, q.Marker, Find, q.Limit);
        if (page is null)
            return new ChassisReplies.ChassisPage([], MarkerFound: false);
        return new ChassisReplies.ChassisPage(page, MarkerFound: true);
    }
}
