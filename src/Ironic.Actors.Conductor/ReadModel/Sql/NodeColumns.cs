using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// The columns of the read model's node table that lists filter and sort on, each with how it is read off a
/// <see cref="Node"/>. The whole node is stored beside them (<c>doc</c>); these columns only index it. Booleans are
/// stored as 0/1 and times as microseconds since the Unix epoch, so every database compares them alike. UUIDs and
/// conductor groups are stored in lower case, as the API compares them without case.
/// </summary>
public static class NodeColumns
{
    public const string Table = "ironic_nodes";
    public const string Tombstones = "ironic_node_tombstones";

    /// <summary>A column: its name, whether it holds long text, whether it may be NULL, and its value for a node.</summary>
    public sealed record Column(string Name, ColumnKind Kind, bool Nullable, Func<Node, object?> Value);

    public enum ColumnKind
    {
        Text,
        LongText,
        Number,
    }

    /// <summary>The node's own columns, in table order (after uuid and before the bookkeeping columns).</summary>
    public static readonly IReadOnlyList<Column> Indexed =
    [
        Text("name", n => n.Name),
        Text("driver", n => n.Driver, nullable: false),
        Text("provision_state", n => n.ProvisionState, nullable: false),
        Text("target_provision_state", n => n.TargetProvisionState),
        Text("power_state", n => n.PowerState),
        Text("target_power_state", n => n.TargetPowerState),
        Flag("maintenance", n => n.Maintenance),
        Text("instance_uuid", n => n.InstanceUuid?.ToLowerInvariant()),
        Text("chassis_uuid", n => n.ChassisUuid?.ToLowerInvariant()),
        Text("resource_class", n => n.ResourceClass),
        Text("conductor_group", n => n.ConductorGroup.ToLowerInvariant(), nullable: false),
        Text("owner", n => n.Owner),
        Text("lessee", n => n.Lessee),
        new("description", ColumnKind.LongText, true, n => n.Description),
        new("last_error", ColumnKind.LongText, true, n => n.LastError),
        Text("fault", n => n.Fault),
        NullableFlag("retired", n => n.Retired), // null matches neither ?retired=true nor false, as in Ironic
        Flag("protected", n => n.Protected),
        Text("shard", n => n.Shard),
        Time("created_at", n => n.CreatedAt),
        Time("updated_at", n => n.UpdatedAt),
        Time("provision_updated_at", n => n.ProvisionUpdatedAt),
    ];

    /// <summary>Sort keys of GET /v1/nodes and the column each sorts by; "id" is the order rows were first written in.</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, bool Nullable)> SortColumns = BuildSortColumns();

    /// <summary>
    /// Sort columns with an index on (column, id), which holds a page's whole order: walking it in order and skipping the
    /// rows a filter leaves out is the way to read a sorted page when the filter keeps most rows (see NodeRowReader).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SortIndexes = new Dictionary<string, string>
    {
        ["name"] = "ironic_nodes_name_id",
        ["provision_state"] = "ironic_nodes_provision_state",
        ["resource_class"] = "ironic_nodes_resource_class",
        ["driver"] = "ironic_nodes_driver",
        ["conductor"] = "ironic_nodes_conductor",
    };

    /// <summary>Microseconds since the Unix epoch.</summary>
    public static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static IReadOnlyDictionary<string, (string, bool)> BuildSortColumns()
    {
        var columns = Indexed.ToDictionary(c => c.Name, c => (c.Name, c.Nullable));
        columns["id"] = ("id", false);
        columns["uuid"] = ("uuid", false);
        return columns;
    }

    private static Column Text(string name, Func<Node, string?> value, bool nullable = true) => new(name, ColumnKind.Text, nullable, value);

    private static Column Flag(string name, Func<Node, bool> value) => new(name, ColumnKind.Number, false, n => value(n) ? 1L : 0L);

    private static Column NullableFlag(string name, Func<Node, bool?> value) =>
        new(name, ColumnKind.Number, true, n => value(n) is { } b ? (b ? 1L : 0L) : null);

    private static Column Time(string name, Func<Node, DateTimeOffset?> value) =>
        new(name, ColumnKind.Number, name != "created_at", n => value(n) is { } t ? Micros(t) : null);
}
