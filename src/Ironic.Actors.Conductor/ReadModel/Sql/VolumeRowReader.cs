using Ironic.Actors.Domain.Volumes;
using Ironic.Actors.Protocol.Serialization;
using Ironic.Actors.Protocol.Volumes;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Reads volume connector and target list pages (API 1.32) from the read model, with the ports' paging ("id", Ironic's
/// creation order, is the creation time here; ties are broken by UUID).
/// </summary>
public sealed class VolumeRowReader(ReadModelDatabase database)
{
    /// <summary>Sort keys of GET /v1/volume/connectors (Ironic's table columns but extra) and the column each sorts by.</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, bool Nullable)> ConnectorSortColumns =
        new Dictionary<string, (string, bool)>
        {
            ["id"] = ("created_at", false), ["uuid"] = ("uuid", false), ["node_id"] = ("node_uuid", false), ["type"] = ("type", false),
            ["connector_id"] = ("connector_id", false), ["created_at"] = ("created_at", false), ["updated_at"] = ("updated_at", true),
        };

    /// <summary>Sort keys of GET /v1/volume/targets (Ironic's table columns but extra and properties).</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, bool Nullable)> TargetSortColumns =
        new Dictionary<string, (string, bool)>
        {
            ["id"] = ("created_at", false), ["uuid"] = ("uuid", false), ["node_id"] = ("node_uuid", false),
            ["volume_type"] = ("volume_type", false), ["boot_index"] = ("boot_index", false), ["volume_id"] = ("volume_id", false),
            ["created_at"] = ("created_at", false), ["updated_at"] = ("updated_at", true),
        };

    private readonly PortRowReader _pages = new(database);

    public async Task<VolumeQueries.ConnectorPage> PageAsync(VolumeQueries.ListConnectors q)
    {
        var (rows, found) = await _pages.PageAsync(ReadModelSchema.VolumeConnectors, ConnectorSortColumns, q.SortKey, q.SortDir, q.Limit, q.Marker,
            sql => sql.Equal("node_uuid", q.NodeId is { } n ? NodeRowWriter.Key(n) : null));
        return new VolumeQueries.ConnectorPage(rows.Select(r => ConnectorView.Of(IronicSerializer.FromJson<VolumeConnector>(r.Doc))).ToList(), found);
    }

    public async Task<VolumeQueries.TargetPage> PageAsync(VolumeQueries.ListTargets q)
    {
        var (rows, found) = await _pages.PageAsync(ReadModelSchema.VolumeTargets, TargetSortColumns, q.SortKey, q.SortDir, q.Limit, q.Marker,
            sql => sql.Equal("node_uuid", q.NodeId is { } n ? NodeRowWriter.Key(n) : null));
        return new VolumeQueries.TargetPage(rows.Select(r => TargetView.Of(IronicSerializer.FromJson<VolumeTarget>(r.Doc))).ToList(), found);
    }
}
