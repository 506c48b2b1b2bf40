using System.Globalization;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>How one kind of collection (ports, portgroups, chassis) is listed: its fields, sort columns and gates.</summary>
public sealed record CollectionSpec(
    ResourceFields Fields,
    IReadOnlySet<string> SortColumns,
    IReadOnlySet<string> RefusedSortKeys,
    int FieldsSince)
{
    public static readonly CollectionSpec Ports = new(
        ResourceFields.Port,
        new HashSet<string> { "id", "uuid", "address", "node_id", "portgroup_id", "pxe_enabled", "physical_network", "is_smartnic", "created_at", "updated_at" },
        new HashSet<string> { "extra", "internal_info", "local_link_connection" },
        FieldsSince: Versions.FieldsParameter);

    /// <summary>Portgroups exist from 1.23, past the 1.8 gate of <c>fields</c>, which Ironic does not check for them.</summary>
    public static readonly CollectionSpec Portgroups = new(
        ResourceFields.Portgroup,
        new HashSet<string> { "id", "uuid", "name", "address", "node_id", "mode", "standalone_ports_supported", "created_at", "updated_at" },
        new HashSet<string> { "extra", "internal_info", "properties" },
        FieldsSince: 1);

    public static readonly CollectionSpec Chassis = new(
        ResourceFields.Chassis,
        new HashSet<string> { "id", "uuid", "description", "created_at", "updated_at" },
        new HashSet<string> { "extra" },
        FieldsSince: Versions.FieldsParameter);
}

/// <summary>
/// A parsed list request: what to render (<see cref="Fields"/>, null = everything), sorting and paging, and the
/// parameters the <c>next</c> link repeats (filters are added by the caller before the paging ones).
/// </summary>
public sealed record CollectionRequest(
    IReadOnlyList<string>? Fields, string SortKey, string SortDir, int Limit, Guid? Marker, IReadOnlyList<KeyValuePair<string, string>> Paging);

/// <summary>
/// Query parameters of the port, portgroup and chassis collections, validated as Ironic 21.4's
/// <c>args.validate</c> and list helpers do, with their messages.
/// </summary>
public static class CollectionQuery
{
    /// <summary>Ironic's <c>args.string_list</c>: comma-separated, trimmed, lower-cased, without empties or repeats.</summary>
    public static List<string> StringList(string value) =>
        value.Split(',').Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).Distinct().ToList();

    /// <summary><c>?fields=</c> of a single-object GET: the version gates and field names, null when absent.</summary>
    public static (List<string>? Fields, ApiError? Error) ParseFields(IQueryCollection query, ApiVersion version, CollectionSpec spec)
    {
        if (QueryValues.Get(query, "fields") is not { } text)
            return (null, null);
        var fields = StringList(text);
        if (!version.AtLeast(spec.FieldsSince) || fields.Any(f => spec.Fields.Since(f) is { } s && !version.AtLeast(s)))
            return (null, ApiError.NotAcceptable());
        var unknown = fields.Where(f => !spec.Fields.IsField(f)).ToList();
        return unknown.Count > 0 ? (null, ApiError.BadRequest(Messages.InvalidFields(unknown))) : (fields, null);
    }

    /// <summary>
    /// Paging, sorting, <c>fields</c> and <c>detail</c> of a list. On the <c>/detail</c> endpoint neither
    /// <c>fields</c> nor <c>detail</c> exists (the route's <see cref="QueryArguments"/> refuses them).
    /// </summary>
    public static (CollectionRequest? Request, ApiError? Error) Parse(
        IQueryCollection query, ApiVersion version, int maxLimit, bool detailEndpoint, CollectionSpec spec)
    {
        var limitText = QueryValues.Get(query, "limit");
        long? limitValue = null;
        if (limitText is not null)
        {
            if (!long.TryParse(limitText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                return Fail($"Expected an integer for limit: {limitText}");
            limitValue = parsed;
        }
        Guid? marker = null;
        if (QueryValues.Get(query, "marker") is { } markerText)
        {
            if (Identifiers.NormalizeUuid(markerText) is not { } m)
                return Fail($"Expected UUID for marker: {markerText}");
            marker = Guid.Parse(m);
        }
        var sortKey = QueryValues.Get(query, "sort_key") ?? "id";
        var sortDir = QueryValues.Get(query, "sort_dir") ?? "asc";
        List<string>? fields = null;
        if (!detailEndpoint && QueryValues.Get(query, "fields") is { } fieldsText)
            fields = StringList(fieldsText);
        bool? detail = null;
        if (!detailEndpoint && query.ContainsKey("detail"))
        {
            var (value, error) = PythonValues.Boolean("detail", System.Text.Json.Nodes.JsonValue.Create(QueryValues.Get(query, "detail") ?? ""));
            if (error is not null)
                return Fail(error);
            detail = value;
        }

        if (fields is not null && !version.AtLeast(spec.FieldsSince))
            return (null, ApiError.NotAcceptable());
        if ((fields ?? []).Append(sortKey).Any(f => spec.Fields.Since(f) is { } s && !version.AtLeast(s)))
            return (null, ApiError.NotAcceptable());
        if (detail is { } d && !version.AtLeast(Versions.DetailParameter))
            return Fail($"Invalid query parameter ?detail={QueryValues.PyBool(d)} received.");
        if (fields is not null && detail == true)
            return Fail(Messages.FieldsWithDetail);
        if (!detailEndpoint && fields is null && detail != true)
            fields = [.. spec.Fields.ListDefault];

        if (limitValue is <= 0)
            return Fail(Messages.LimitNotPositive);
        var limit = (int)Math.Min(limitValue ?? maxLimit, maxLimit);
        if (sortDir is not ("asc" or "desc"))
            return Fail(Messages.InvalidSortDir(sortDir));
        if (spec.RefusedSortKeys.Contains(sortKey))
            return Fail($"The sort_key value {sortKey} is an invalid field for sorting");
        if (!spec.SortColumns.Contains(sortKey))
            return Fail(Messages.InvalidSortKey(sortKey));
        if (fields is not null && fields.Where(f => !spec.Fields.IsField(f)).ToList() is { Count: > 0 } unknown)
            return Fail(Messages.InvalidFields(unknown));

        var paging = new List<KeyValuePair<string, string>> { new("sort_key", sortKey), new("sort_dir", sortDir) };
        if (detail is { } shown)
            paging.Add(new("detail", QueryValues.PyBool(shown)));
        if (fields is not null)
            paging.Add(new("fields", string.Join(",", fields)));
        return (new CollectionRequest(fields, sortKey, sortDir, limit, marker, paging), null);
    }

    /// <summary>
    /// <c>next</c> when the page is full (Ironic gives one even when nothing follows): the filters, then
    /// sort_key, sort_dir, detail and fields as Ironic orders them, then limit and the last item's UUID.
    /// </summary>
    public static string? NextLink(
        string baseUrl, string path, IEnumerable<KeyValuePair<string, string>> filters, CollectionRequest request, int count, Guid? last) =>
        count > 0 && count == request.Limit && last is { } marker
            ? NodeListQuery.NextLink(baseUrl, path, request.Paging.Take(2).Concat(filters).Concat(request.Paging.Skip(2)), request.Limit, marker.ToString())
            : null;

    private static (CollectionRequest?, ApiError?) Fail(string message) => (null, ApiError.BadRequest(message));
}
