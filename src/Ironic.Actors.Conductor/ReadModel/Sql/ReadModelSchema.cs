namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// The read model's tables, created on first use beside the journal's (all statements are "if not exists"):
/// <list type="bullet">
/// <item><c>ironic_nodes</c>: one row per node (its list columns, the whole node as JSON in <c>doc</c>, the journal
/// sequence number it reflects in <c>version</c>, the sharding shard it lives in, the conductor that wrote it and the
/// lock it holds, as Ironic's <c>reservation</c>);</item>
/// <item><c>ironic_node_tombstones</c>: the version each deleted node was deleted at, so that a late write of an
/// older version cannot bring it back;</item>
/// <item><c>ironic_ports</c> / <c>ironic_portgroups</c>: one row per port and portgroup, keyed by node and UUID;</item>
/// <item><c>ironic_volume_connectors</c> / <c>ironic_volume_targets</c>: one row per volume connector and target (1.32);</item>
/// <item><c>ironic_node_documents</c>: one document per node and kind: its cached BIOS settings (1.40) and the inventory an
/// inspection stored (1.81);</item>
/// <item><c>ironic_read_offsets</c>: how far the journal reconciler has read the journal.</item>
/// </list>
/// </summary>
public static class ReadModelSchema
{
    public const string Ports = "ironic_ports";
    public const string Portgroups = "ironic_portgroups";

    /// <summary>Each node's history entries (API 1.78), in order (<c>seq</c>), replaced with its ports as a set.</summary>
    public const string History = "ironic_node_history";
    public const string Offsets = "ironic_read_offsets";

    /// <summary>
    /// Documents kept with a node that are neither rows of their own nor node fields, one per <c>kind</c> (see
    /// <see cref="DocumentKinds"/>), replaced with the node's ports as a set.
    /// </summary>
    public const string Documents = "ironic_node_documents";

    /// <summary>The kinds of <see cref="Documents"/>.</summary>
    public static class DocumentKinds
    {
        public const string Bios = "bios";
        public const string Inventory = "inventory";
    }

    /// <summary>Volume connectors and targets (API 1.32), one row each, replaced with the node's ports as a set.</summary>
    public const string VolumeConnectors = "ironic_volume_connectors";
    public const string VolumeTargets = "ironic_volume_targets";

    /// <summary>Settings of the whole cluster and of the read model itself (never dropped).</summary>
    public const string Meta = "ironic_meta";

    /// <summary>
    /// The shape of the tables below. When it changes, the read model is dropped and built again: its tables are
    /// created anew and the reconciler, starting from offset 0, has every node write its row (the journal is the truth).
    /// </summary>
    public const string Version = "8";

    /// <summary>Every table of the read model, dropped when <see cref="Version"/> changes.</summary>
    public static readonly IReadOnlyList<string> Tables = [NodeColumns.Table, NodeColumns.Tombstones, Ports, Portgroups, History, VolumeConnectors, VolumeTargets, Documents, Offsets];

    public static string CreateMeta(SqlDialect d) => d.CreateTable(Meta, $"name {d.Text} NOT NULL PRIMARY KEY, value {d.Text} NOT NULL");

    /// <summary>
    /// Every conductor that ever started against this database (Ironic's conductors table): its hostname and what it offers,
    /// so that one that died or left is still listed, with <c>alive</c> false. Never dropped with the read model.
    /// </summary>
    public const string Conductors = "ironic_conductors";

    public static string CreateConductors(SqlDialect d) =>
        d.CreateTable(Conductors, $"hostname {d.Text} NOT NULL PRIMARY KEY, registered_at {d.BigInt} NOT NULL, doc {d.Blob} NOT NULL");

    public static IReadOnlyList<string> Statements(SqlDialect d)
    {
        var nodeColumns = string.Join(", ", NodeColumns.Indexed.Select(c => $"{c.Name} {TypeOf(d, c.Kind)}{(c.Nullable ? "" : " NOT NULL")}"));
        return
        [
            d.CreateTable(NodeColumns.Table,
                $"id {d.Identity}, uuid {d.Text} NOT NULL, version {d.BigInt} NOT NULL, {nodeColumns}, " +
                $"entity_shard {d.Text} NOT NULL, conductor {d.Text} NOT NULL, reservation {d.Text}, ports_version {d.BigInt} NOT NULL DEFAULT 0, doc {d.Blob} NOT NULL"),
            d.CreateIndex("ironic_nodes_uuid", NodeColumns.Table, "uuid", unique: true),
            // Columns most nodes leave empty are indexed where set only: a filter on one (owner = ?) implies it is set, and
            // a create skips those indexes (5 of 13 for a node with no owner, lessee, chassis, instance or shard).
            d.CreateIndex(NodeColumns.SortIndexes["provision_state"], NodeColumns.Table, "provision_state, id"),
            // (name, id): the whole order of a name-sorted page, which a filtered page can walk (NodeColumns.SortIndexes).
            SortIndex(d, "name"),
            FilterIndex(d, "instance_uuid", partial: true),
            FilterIndex(d, "chassis_uuid", partial: true),
            SortIndex(d, "resource_class"),
            d.CreateIndex(NodeColumns.SortIndexes["driver"], NodeColumns.Table, "driver, id"),
            FilterIndex(d, "owner", partial: true),
            FilterIndex(d, "lessee", partial: true),
            FilterIndex(d, "conductor_group", partial: false),
            FilterIndex(d, "shard", partial: true),
            // (entity_shard, id): a shard's nodes in row order, as periodic passes page through them (NodeRowReader.InShardsAsync).
            d.CreateIndex("ironic_nodes_entity_shard_id", NodeColumns.Table, "entity_shard, id"),
            // The few nodes with a fault (the power-failure recovery's pass lists those in maintenance for one).
            d.CreateIndex("ironic_nodes_fault", NodeColumns.Table, "fault, id", where: "fault IS NOT NULL"),
            d.CreateIndex(NodeColumns.SortIndexes["conductor"], NodeColumns.Table, "conductor, id"),
            // Former shapes: entity_shard alone (PostgreSQL sorted each page); on PostgreSQL, the filters' columns without id,
            // and name and resource_class with NULL last (it sorted every row a filter kept, 168 ms a page among 100,000).
            .. FormerIndexes(d).Select(name => d.DropIndex(name, NodeColumns.Table)),
            d.CreateTable(NodeColumns.Tombstones, $"uuid {d.Text} NOT NULL PRIMARY KEY, version {d.BigInt} NOT NULL"),
            d.CreateTable(Ports,
                $"node_uuid {d.Text} NOT NULL, uuid {d.Text} NOT NULL, address {d.Text} NOT NULL, portgroup_uuid {d.Text}, " +
                $"pxe_enabled {d.BigInt} NOT NULL, physical_network {d.Text}, is_smartnic {d.BigInt} NOT NULL, " +
                $"created_at {d.BigInt} NOT NULL, updated_at {d.BigInt}, version {d.BigInt} NOT NULL, doc {d.Blob} NOT NULL, " +
                "PRIMARY KEY (node_uuid, uuid)"),
            d.CreateIndex("ironic_ports_uuid", Ports, "uuid"),
            d.CreateIndex("ironic_ports_address", Ports, "address"),
            d.CreateIndex("ironic_ports_portgroup", Ports, "portgroup_uuid"),
            d.CreateIndex("ironic_ports_created", Ports, "created_at, uuid"),
            d.CreateTable(Portgroups,
                $"node_uuid {d.Text} NOT NULL, uuid {d.Text} NOT NULL, name {d.Text}, address {d.Text}, mode {d.Text}, " +
                $"standalone_ports_supported {d.BigInt} NOT NULL, created_at {d.BigInt} NOT NULL, updated_at {d.BigInt}, " +
                $"version {d.BigInt} NOT NULL, doc {d.Blob} NOT NULL, PRIMARY KEY (node_uuid, uuid)"),
            d.CreateIndex("ironic_portgroups_uuid", Portgroups, "uuid"),
            d.CreateIndex("ironic_portgroups_address", Portgroups, "address"),
            d.CreateIndex("ironic_portgroups_created", Portgroups, "created_at, uuid"),
            d.CreateTable(VolumeConnectors,
                $"node_uuid {d.Text} NOT NULL, uuid {d.Text} NOT NULL, type {d.Text} NOT NULL, connector_id {d.Text} NOT NULL, " +
                $"created_at {d.BigInt} NOT NULL, updated_at {d.BigInt}, version {d.BigInt} NOT NULL, doc {d.Blob} NOT NULL, " +
                "PRIMARY KEY (node_uuid, uuid)"),
            d.CreateIndex("ironic_volume_connectors_uuid", VolumeConnectors, "uuid"),
            d.CreateIndex("ironic_volume_connectors_created", VolumeConnectors, "created_at, uuid"),
            d.CreateTable(VolumeTargets,
                $"node_uuid {d.Text} NOT NULL, uuid {d.Text} NOT NULL, volume_type {d.Text} NOT NULL, boot_index {d.BigInt} NOT NULL, " +
                $"volume_id {d.Text} NOT NULL, created_at {d.BigInt} NOT NULL, updated_at {d.BigInt}, version {d.BigInt} NOT NULL, " +
                $"doc {d.Blob} NOT NULL, PRIMARY KEY (node_uuid, uuid)"),
            d.CreateIndex("ironic_volume_targets_uuid", VolumeTargets, "uuid"),
            d.CreateIndex("ironic_volume_targets_created", VolumeTargets, "created_at, uuid"),
            d.CreateTable(History,
                $"node_uuid {d.Text} NOT NULL, seq {d.BigInt} NOT NULL, uuid {d.Text} NOT NULL, doc {d.Blob} NOT NULL, PRIMARY KEY (node_uuid, seq)"),
            d.CreateTable(Documents,
                $"node_uuid {d.Text} NOT NULL, kind {d.Text} NOT NULL, doc {d.Blob} NOT NULL, PRIMARY KEY (node_uuid, kind)"),
            d.CreateTable(Offsets, $"name {d.Text} NOT NULL PRIMARY KEY, ordering {d.BigInt} NOT NULL"),
        ];
    }

    /// <summary>
    /// The index a page sorted by <paramref name="column"/> can walk, as <paramref name="d"/> names it: PostgreSQL's of a
    /// column that may be NULL is made NULL first (<see cref="SqlDialect.IndexTerm"/>), under a name of its own, so that a
    /// database of the former shape gets it.
    /// </summary>
    public static string SortIndexOf(SqlDialect d, string column) =>
        d.Provider == SqlProvider.PostgreSql && NullableSortIndexes.Contains(column) ? $"ironic_nodes_{column}_nulls_first" : NodeColumns.SortIndexes[column];

    private static readonly string[] NullableSortIndexes = ["name", "resource_class"];

    private static string SortIndex(SqlDialect d, string column) =>
        d.CreateIndex(SortIndexOf(d, column), NodeColumns.Table, $"{d.IndexTerm(column, nullable: true)}, id");

    /// <summary>
    /// The index of a filter on <paramref name="column"/>: on PostgreSQL (column, id), so that a filtered page in row order
    /// (sorted by id, the default) walks it and stops after a page. SQLite keeps its indexes as they were: its index of a
    /// column holds the row id already, and with PostgreSQL's shapes its pages read while nodes were created were slower
    /// (p50 15.0–17.3 against 11.7–14.9 ms in three alternating pairs).
    /// </summary>
    private static string FilterIndex(SqlDialect d, string column, bool partial) =>
        d.Provider == SqlProvider.PostgreSql
            ? d.CreateIndex($"ironic_nodes_{column}_id", NodeColumns.Table, $"{column}, id", where: partial ? $"{column} IS NOT NULL" : null)
            : d.CreateIndex($"ironic_nodes_{column}", NodeColumns.Table, column, where: partial ? $"{column} IS NOT NULL" : null);

    /// <summary>Indexes of the node table in a shape no longer made, dropped where an older version made them.</summary>
    private static IEnumerable<string> FormerIndexes(SqlDialect d) => d.Provider == SqlProvider.PostgreSql
        ? ["ironic_nodes_entity_shard", .. NullableSortIndexes.Select(c => NodeColumns.SortIndexes[c]),
            .. new[] { "instance_uuid", "chassis_uuid", "owner", "lessee", "conductor_group", "shard" }.Select(c => $"ironic_nodes_{c}")]
        : ["ironic_nodes_entity_shard"];

    private static string TypeOf(SqlDialect d, NodeColumns.ColumnKind kind) => kind switch
    {
        NodeColumns.ColumnKind.Text => d.Text,
        NodeColumns.ColumnKind.LongText => d.LongText,
        _ => d.BigInt,
    };
}
