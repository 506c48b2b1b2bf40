using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>/v1/conductors (API 1.49+; older versions do not have the endpoint: 404).</summary>
internal static class ConductorsApi
{
    private const int Since = Versions.Conductors;

    private static readonly IReadOnlySet<string> SortKeys =
        new HashSet<string> { "id", "hostname", "conductor_group", "created_at", "updated_at" };

    public static void MapConductorsApi(this IEndpointRouteBuilder v1)
    {
        // Ironic 21.4 refuses unknown arguments before its version gate (1.48 ?foo=1 is 400, not 404): Takes has no `first`.
        v1.RefuseHead("/conductors").MapGet("/conductors", (Func<HttpContext, Task<IResult>>)List).Takes("marker", "limit", "sort_key", "sort_dir", "fields", "detail");
        v1.AllowOnly("/conductors", "GET");
        v1.RefuseHead("/conductors/{hostname}").MapGet("/conductors/{hostname}", Get).Takes("fields");
        v1.AllowOnly("/conductors/{hostname}", "GET");
    }

    private static async Task<IResult> List(HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return IronicResults.Error(StatusCodes.Status404NotFound, Messages.VersionedResourceNotFound);
        var (detail, detailError) = QueryValues.VersionedBool(api.Query, "detail", Since, api.Version);
        if (detailError is not null)
            return IronicResults.Error(detailError);
        var (fields, fieldsError) = ParseFields(api);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        if (fields is not null && detail is not null)
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.FieldsWithDetail);
        var sortKey = QueryValues.Get(api.Query, "sort_key") is { Length: > 0 } sk ? sk : "id";
        if (!SortKeys.Contains(sortKey))
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidSortKey(sortKey));
        var sortDir = QueryValues.Get(api.Query, "sort_dir") is { Length: > 0 } sd ? sd : "asc";
        if (sortDir is not ("asc" or "desc"))
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidSortDir(sortDir));
        var (limit, limitError) = NodeListQuery.ParseLimit(api.Query, api.Options.MaxLimit);
        if (limitError is not null)
            return IronicResults.Error(limitError);
        var marker = QueryValues.Get(api.Query, "marker") is { Length: > 0 } m ? m : null;

        var reply = await api.AskAsync(GatewayRequests.ListConductors.Instance);
        if (reply is not GatewayReplies.Conductors conductors)
            return ReplyResults.Failure(reply);

        var sorted = Sort(conductors.List, sortKey, sortDir == "desc");
        if (marker is not null)
        {
            var index = sorted.FindIndex(c => c.Info.Hostname == marker);
            if (index < 0)
                return IronicResults.Error(StatusCodes.Status404NotFound, $"Conductor {marker} could not be found.");
            sorted = sorted.Skip(index + 1).ToList();
        }
        var page = sorted.Take(limit).ToList();

        var shown = fields ?? (detail == true ? null : ConductorRenderer.ListDefault);
        var list = new JsonArray([.. page.Select(c => (JsonNode?)ConductorRenderer.Render(c, api.BaseUrl, shown))]);
        var body = new JsonObject { ["conductors"] = list };
        if (page.Count > 0 && page.Count == limit)
        {
            var parameters = new List<KeyValuePair<string, string>> { new("sort_key", sortKey), new("sort_dir", sortDir) };
            if (detail is { } d)
                parameters.Add(new("detail", QueryValues.PyBool(d)));
            if (fields is not null)
                parameters.Add(new("fields", string.Join(",", fields)));
            body["next"] = NodeListQuery.NextLink(api.BaseUrl, "conductors", parameters, limit, page[^1].Info.Hostname);
        }
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string hostname, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return IronicResults.Error(StatusCodes.Status404NotFound, Messages.VersionedResourceNotFound);
        var (fields, fieldsError) = ParseFields(api);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(GatewayRequests.ListConductors.Instance);
        if (reply is not GatewayReplies.Conductors conductors)
            return ReplyResults.Failure(reply);
        return conductors.List.FirstOrDefault(c => c.Info.Hostname == hostname) is { } conductor
            ? IronicResults.Json(ConductorRenderer.Render(conductor, api.BaseUrl, fields))
            : IronicResults.Error(StatusCodes.Status404NotFound, $"Conductor {hostname} could not be found.");
    }

    private static (List<string>? Fields, ApiError? Error) ParseFields(ApiRequest api) =>
        NodeListQuery.ParseFields(api.Query, api.Version, ConductorRenderer.AllFields.Contains, _ => null, minVersion: Since);

    private static List<ConductorStatus> Sort(IEnumerable<ConductorStatus> conductors, string key, bool descending)
    {
        Func<ConductorStatus, IComparable> by = key switch
        {
            "hostname" => c => c.Info.Hostname,
            "conductor_group" => c => c.Info.ConductorGroup,
            "updated_at" => c => c.UpdatedAt,
            _ => c => c.Info.StartedAt, // id and created_at: registration order
        };
        var ordered = descending
            ? conductors.OrderByDescending(by).ThenByDescending(c => c.Info.Hostname, StringComparer.Ordinal)
            : conductors.OrderBy(by).ThenBy(c => c.Info.Hostname, StringComparer.Ordinal);
        return ordered.ToList();
    }
}
