using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// A parsed GET /v1/nodes (or /detail): the query for the read model (every filter, applied there before the limit),
/// what to render, and the parameters the <c>next</c> link repeats.
/// </summary>
public sealed record NodeListRequest(
    NodeQueries.ListNodes Query,
    IReadOnlyList<string>? Fields,
    IReadOnlyList<KeyValuePair<string, string>> NextParameters,
    bool HasNext);

/// <summary>Parses node list requests with Ironic's validation and version gates.</summary>
public static class NodeListQuery
{
    /// <summary>Ironic's _DEFAULT_RETURN_FIELDS in its order, as the next link of a plain node list carries them.</summary>
    private const string DefaultFieldsParameter = "instance_uuid,maintenance,power_state,provision_state,uuid,name";

    private static readonly IReadOnlySet<string> Faults =
        new HashSet<string> { "power failure", "clean failure", "rescue abort failure" };

    /// <summary>String filters: name, version, and whether the value is a UUID.</summary>
    private static readonly (string Name, int Since, bool Uuid)[] TextFilters =
    [
        ("provision_state", 9, false), ("instance_uuid", 1, true), ("chassis_uuid", 1, true), ("driver", 16, false),
        ("resource_class", 21, false), ("fault", 42, false), ("conductor_group", 46, false), ("conductor", 49, false),
        ("owner", 50, false), ("description_contains", 51, false), ("lessee", 65, false), ("project", 65, false),
        ("shard", 82, false),
    ];

    private static readonly (string Name, int Since)[] BoolFilters =
        [("associated", 1), ("maintenance", 1), ("retired", 61), ("sharded", 82)];

    /// <summary>
    /// The query parameters a node list takes (Ironic's node controller signature, whatever the version): every filter,
    /// the paging ones, and on <c>/nodes</c> (not <c>/nodes/detail</c>) <c>fields</c> and <c>detail</c>.
    /// </summary>
    public static string[] Arguments(bool detailEndpoint) =>
    [
        .. TextFilters.Select(f => f.Name), .. BoolFilters.Select(f => f.Name), "marker", "limit", "sort_key", "sort_dir",
        .. detailEndpoint ? Array.Empty<string>() : ["fields", "detail"],
    ];

    public static (NodeListRequest? Request, ApiError? Error) Parse(
        IQueryCollection query, ApiVersion version, int maxLimit, bool detailEndpoint)
    {
        var next = new List<KeyValuePair<string, string>>();

        var sortKey = QueryValues.Get(query, "sort_key") is { Length: > 0 } sk ? sk : "id";
        if (NodeFields.Since(sortKey) is { } sortSince && !version.AtLeast(sortSince))
            return Fail(ApiError.NotAcceptable());
        if (!NodeFields.IsSortable(sortKey))
            return Fail(ApiError.BadRequest(Messages.InvalidSortKey(sortKey)));
        var sortDir = QueryValues.Get(query, "sort_dir") is { Length: > 0 } sd ? sd : "asc";
        if (sortDir is not ("asc" or "desc"))
            return Fail(ApiError.BadRequest(Messages.InvalidSortDir(sortDir)));
        next.Add(new("sort_key", sortKey));
        next.Add(new("sort_dir", sortDir));

        var bools = new Dictionary<string, bool?>();
        foreach (var (name, since) in BoolFilters)
        {
            var (value, error) = QueryValues.VersionedBool(query, name, since, version);
            if (error is not null)
                return Fail(ShardWording(name, error));
            bools[name] = value;
            if (value is { } b)
                next.Add(new(name, QueryValues.PyBool(b)));
        }

        var texts = new Dictionary<string, string?>();
        foreach (var (name, since, isUuid) in TextFilters)
        {
            var (value, error) = QueryValues.Versioned(query, name, since, version);
            if (error is not null)
                return Fail(ShardWording(name, error));
            if (value is not null && isUuid)
            {
                value = Identifiers.NormalizeUuid(value);
                if (value is null)
                    return Fail(ApiError.BadRequest(Messages.InvalidUuid(name, QueryValues.Get(query, name)!)));
            }
            texts[name] = value;
            if (value is not null)
                next.Add(new(name, value));
        }
        if (texts["provision_state"] is { } state && !NodeValues.IsKnownProvisionState(state))
            return Fail(ApiError.BadRequest($"Provision state \"{state}\" is not valid"));
        if (texts["fault"] is { } fault && !Faults.Contains(fault))
            return Fail(ApiError.BadRequest(
                $"Unrecognized fault \"{fault}\" is specified, allowed faults are ('power failure', 'clean failure', 'rescue abort failure')"));

        bool detail = detailEndpoint;
        var detailGiven = false;
        if (!detailEndpoint)
        {
            var (value, error) = QueryValues.VersionedBool(query, "detail", Versions.DetailParameter, version);
            if (error is not null)
                return Fail(error);
            if (value is { } d)
            {
                detail = d;
                detailGiven = true;
                next.Add(new("detail", QueryValues.PyBool(d)));
            }
        }

        var (fields, fieldsError) = ParseFields(query, version, NodeFields.IsSelectable, NodeFields.Since);
        if (fieldsError is not null)
            return Fail(fieldsError);
        if (fields is not null && (detail || detailGiven))
            return Fail(ApiError.BadRequest(Messages.FieldsWithDetail));
        if (fields is not null)
            next.Add(new("fields", string.Join(",", fields)));
        else if (!detail && version.AtLeast(Versions.FieldsParameter))
            next.Add(new("fields", DefaultFieldsParameter)); // Ironic's next link names its default fields

        var (limit, limitError) = ParseLimit(query, maxLimit);
        if (limitError is not null)
            return Fail(limitError);

        Guid? marker = null;
        if (QueryValues.Get(query, "marker") is { Length: > 0 } markerText)
        {
            if (Identifiers.NormalizeUuid(markerText) is not { } m)
                return Fail(ApiError.BadRequest(Messages.InvalidUuid("marker", markerText)));
            marker = Guid.Parse(m);
        }

        var listNodes = new NodeQueries.ListNodes(
            ProvisionState: texts["provision_state"],
            Maintenance: bools["maintenance"],
            Associated: bools["associated"],
            Driver: texts["driver"],
            InstanceUuid: texts["instance_uuid"],
            ConductorGroup: texts["conductor_group"]?.ToLowerInvariant(),
            ResourceClass: texts["resource_class"],
            Owner: texts["owner"],
            Lessee: texts["lessee"],
            Fault: texts["fault"],
            ChassisUuid: texts["chassis_uuid"],
            DescriptionContains: texts["description_contains"],
            Retired: bools["retired"],
            SortKey: sortKey,
            SortDir: sortDir,
            Limit: limit,
            Marker: marker,
            Conductor: texts["conductor"],
            Project: texts["project"],
            Shards: texts["shard"] is { } shardList ? QueryValues.SplitList(shardList) : null,
            Sharded: bools["sharded"]);

        var shown = fields ?? (detail ? null : NodeFields.ListDefault);
        // Like Ironic, a lookup by instance_uuid (at most one node) has no next page.
        return (new NodeListRequest(listNodes, shown, next, HasNext: texts["instance_uuid"] is null), null);
    }

    /// <summary>
    /// <c>?fields=</c> (1.8+): null when absent; 400 for unknown fields, 406 for fields newer than the version.
    /// </summary>
    public static (List<string>? Fields, ApiError? Error) ParseFields(
        IQueryCollection query, ApiVersion version, Func<string, bool> isKnown, Func<string, int?> since, int minVersion = Versions.FieldsParameter)
    {
        var (text, error) = QueryValues.Versioned(query, "fields", minVersion, version);
        if (error is not null || text is null)
            return (null, error);
        var fields = QueryValues.SplitList(text);
        var unknown = fields.Where(f => !isKnown(f) && f != "links").ToList();
        if (unknown.Count > 0)
            return (null, ApiError.BadRequest(Messages.InvalidFields(unknown)));
        if (fields.Any(f => since(f) is { } s && !version.AtLeast(s)))
            return (null, ApiError.NotAcceptable());
        return (fields, null);
    }

    /// <summary><c>?limit=</c>: default and cap <paramref name="maxLimit"/>; not a number or ≤0 → 400.</summary>
    /// <summary>Ironic names the version needed when it refuses the shard filters (1.82), and only those.</summary>
    private static ApiError ShardWording(string name, ApiError error) =>
        name is "shard" or "sharded" && error.Status == StatusCodes.Status406NotAcceptable
            ? new ApiError(StatusCodes.Status406NotAcceptable, PortsApi.ShardFilterNotAcceptable)
            : error;

    public static (int Limit, ApiError? Error) ParseLimit(IQueryCollection query, int maxLimit)
    {
        var text = QueryValues.Get(query, "limit");
        if (string.IsNullOrEmpty(text))
            return (maxLimit, null);
        if (!long.TryParse(text.Trim(), out var limit))
            return (0, ApiError.BadRequest(Messages.InvalidInt("limit", text)));
        if (limit <= 0)
            return (0, ApiError.BadRequest(Messages.LimitNotPositive));
        return ((int)Math.Min(limit, maxLimit), null);
    }

    /// <summary>
    /// The answer to a node list: 404 for a marker that names no node, else <c>{"nodes": [...]}</c> with a <c>next</c> link
    /// when the page is full (<paramref name="path"/>: the list's path under /v1, which the link repeats). Nodes are
    /// rendered one by one as the page is sent (<see cref="PageResult"/>).
    /// </summary>
    public static IResult Page(ApiRequest api, NodeListRequest request, NodeQueries.NodePage page, string path)
    {
        if (!page.MarkerFound && request.Query.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, Messages.NodeNotFound(marker.ToString()));
        var nodes = page.Nodes;
        return IronicResults.Page(nodes.Count, Open,
            (sb, i) =>
            {
                if (i > 0)
                    sb.Append(", ");
                NodeRenderer.Write(sb, nodes[i], api.Version, api.BaseUrl, request.Fields);
            },
            sb => Close(sb, api, request, path, nodes.Count, nodes.Count > 0 ? nodes[^1].Node.Uuid.ToString() : null));
    }

    /// <summary>As <see cref="Page(ApiRequest, NodeListRequest, NodeQueries.NodePage, string)"/>, written straight from the stored documents.</summary>
    public static IResult Page(ApiRequest api, NodeListRequest request, NodeQueries.StoredNodePage page, string path)
    {
        if (!page.MarkerFound && request.Query.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, Messages.NodeNotFound(marker.ToString()));
        var rows = page.Rows;
        string? last = null;
        var rendered = api.Rendered;
        var context = RenderedNodeCache.Context(api.Version, api.BaseUrl, request.Fields);
        return IronicResults.Page(rows.Count, Open,
            (sb, i) =>
            {
                if (i > 0)
                    sb.Append(", ");
                var row = rows[i];
                if (row.Uuid is null)
                {
                    last = StoredNodeRenderer.Write(sb, row, api.Version, api.BaseUrl, request.Fields);
                    return;
                }
                var key = new RenderedNodeCache.Key(context, row.Uuid, row.Version, row.Reservation, row.Conductor);
                if (rendered.TryGet(key, out var text))
                {
                    sb.Append(text);
                    last = row.Uuid;
                    return;
                }
                var start = sb.Length;
                last = StoredNodeRenderer.Write(sb, row, api.Version, api.BaseUrl, request.Fields);
                if (rendered.SeenBefore(key))
                    rendered.Keep(key, sb.ToString(start, sb.Length - start));
            },
            sb => Close(sb, api, request, path, rows.Count, last));
    }

    private static void Open(System.Text.StringBuilder sb) => sb.Append("{\"nodes\": [");

    /// <summary>The page's end: a <c>next</c> link when the page is full (<paramref name="last"/>: its last node's UUID).</summary>
    private static void Close(System.Text.StringBuilder sb, ApiRequest api, NodeListRequest request, string path, int count, string? last)
    {
        sb.Append(']');
        if (request.HasNext && last is not null && count >= request.Query.Limit)
        {
            sb.Append(", \"next\": ");
            PyJson.AppendString(sb, NextLink(api.BaseUrl, path, request.NextParameters, request.Query.Limit, last));
        }
        sb.Append('}');
    }

    /// <summary><c>&lt;base&gt;/v1/&lt;path&gt;?&lt;parameters&gt;&amp;limit=N&amp;marker=M</c>, commas left readable as Ironic does.</summary>
    public static string NextLink(string baseUrl, string path, IEnumerable<KeyValuePair<string, string>> parameters, int limit, string marker)
    {
        var all = parameters.Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("marker", marker));
        var queryText = string.Join("&", all.Select(p => $"{Escape(p.Key)}={Escape(p.Value)}"));
        return $"{baseUrl}/v1/{path}?{queryText}";
    }

    private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal);

    private static (NodeListRequest?, ApiError?) Fail(ApiError error) => (null, error);
}
