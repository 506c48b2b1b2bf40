using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/bios (API 1.40): the node's cached BIOS settings, sorted by name, and /bios/{setting}: one of them,
/// as <c>{"&lt;name&gt;": {...}}</c>. Rendered as Ironic 21.4 does: every setting shows created_at and updated_at, then
/// name and value (a list), the registry fields too with <c>?detail=True</c> or, for one setting, from 1.74, or the
/// <c>?fields=</c> asked for (1.74); links name the node as the list's URL names it (a name stays a name), and by UUID
/// for one setting. Served by the node's entity, which keeps the settings with the node.
/// </summary>
internal static class NodeBiosApi
{
    /// <summary>The microversion (minor) that added the node's BIOS settings.</summary>
    public const int Since = Versioning.Versions.Bios;

    /// <summary>The microversion (minor) that added the registry fields, <c>?detail</c> and <c>?fields</c>.</summary>
    public const int RegistrySince = Versioning.Versions.BiosRegistryFields;

    private static readonly string[] DefaultFields = ["name", "value"];

    private static readonly string[] RegistryFields =
    [
        "name", "value", "attribute_type", "allowable_values", "lower_bound", "max_length", "min_length", "read_only",
        "reset_required", "unique", "upper_bound",
    ];

    /// <summary>Fields a <c>?fields=</c> may name: the registry's and the timestamps (shown anyway).</summary>
    private static readonly HashSet<string> KnownFields = [.. RegistryFields, "created_at", "updated_at"];

    public static void MapNodeBiosApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/bios").MapGet("/nodes/{ident}/bios", List).Takes(TooOld, "detail", "fields");
        v1.RefuseHead("/nodes/{ident}/bios/{setting}").MapGet("/nodes/{ident}/bios/{setting}", Get).Takes(TooOld);
        foreach (var pattern in new[] { "/nodes/{ident}/bios", "/nodes/{ident}/bios/{setting}" })
            v1.MapMethods(pattern, [.. IronicApi.Methods.Except(["GET"])],
                (HttpContext http) => TooOld(http) ?? IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
    }

    private static Task<IResult> List(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (fields, error) = ParseListQuery(api);
        if (error is not null)
            return Task.FromResult(IronicResults.Error(error));
        return SubResourceResults.AskNode<NodeReplies.Bios>(ident, http, id => new NodeSubResourceCommands.GetBios(id), bios =>
            IronicResults.Json(new JsonObject
            {
                ["bios"] = new JsonArray([.. bios.Fields.Select(s => (JsonNode)Render(api.BaseUrl, ident, s, fields!))]),
            }));
    }

    private static Task<IResult> Get(string ident, string setting, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!PortBodies.IsLogicalName(setting))
            return Task.FromResult(IronicResults.Error(ApiError.BadRequest($"Expected name for setting_name: {setting}")));
        var fields = api.Version.AtLeast(RegistrySince) ? RegistryFields : DefaultFields;
        return SubResourceResults.AskNode<NodeReplies.Bios>(ident, http, id => new NodeSubResourceCommands.GetBios(id), bios =>
            bios.Fields.FirstOrDefault(s => s.Name == setting) is { } found
                ? IronicResults.Json(new JsonObject { [setting] = Render(api.BaseUrl, bios.NodeId.ToString(), found, fields) })
                : IronicResults.Error(StatusCodes.Status404NotFound, $"Node {bios.NodeId} doesn't have a BIOS setting '{setting}'"));
    }

    /// <summary>
    /// <c>?detail</c> and <c>?fields</c> of the list, checked as Ironic's <c>get_request_return_fields</c> does (both
    /// need 1.74, not together), and the fields to show.
    /// </summary>
    private static (IReadOnlyList<string>? Fields, ApiError? Error) ParseListQuery(ApiRequest api)
    {
        bool? detail = null;
        if (QueryValues.Get(api.Query, "detail") is { } detailText)
        {
            if (QueryValues.ParseBool(detailText) is not { } parsed)
                return (null, ApiError.BadRequest(Messages.InvalidBool("detail", detailText)));
            detail = parsed;
        }
        var registry = api.Version.AtLeast(RegistrySince);
        if (detail is { } d && !registry)
            return (null, ApiError.BadRequest($"Invalid query parameter ?detail={(d ? "True" : "False")} received."));
        List<string>? fields = null;
        if (QueryValues.Get(api.Query, "fields") is { } fieldsText)
        {
            fields = CollectionQuery.StringList(fieldsText);
            if (!registry)
                return (null, ApiError.BadRequest($"Invalid query parameter ?fields=[{string.Join(", ", fields.Select(f => $"'{f}'"))}] received."));
            if (detail == true)
                return (null, ApiError.BadRequest(Messages.FieldsWithDetail));
            // Ironic 21.4 answers 500 for a field a BIOS setting does not have; a 400 here.
            if (fields.Where(f => !KnownFields.Contains(f)).ToList() is { Count: > 0 } unknown)
                return (null, ApiError.BadRequest(Messages.InvalidFields(unknown)));
        }
        return (fields ?? (IReadOnlyList<string>)(detail == true ? RegistryFields : DefaultFields), null);
    }

    /// <summary>One setting: created_at, updated_at, then <paramref name="fields"/> in order, then its links.</summary>
    public static JsonObject Render(string baseUrl, string nodeIdent, BiosSettingFields setting, IEnumerable<string> fields)
    {
        var body = new JsonObject
        {
            ["created_at"] = Timestamps.Format(setting.CreatedAt),
            ["updated_at"] = Timestamps.ToJson(setting.UpdatedAt),
        };
        foreach (var field in fields)
            if (!body.ContainsKey(field))
                body[field] = Value(setting, field);
        body["links"] = Links.SelfAndBookmark(baseUrl, $"nodes/{nodeIdent}/bios/{setting.Name}");
        return body;
    }

    private static JsonNode? Value(BiosSettingFields s, string field) => field switch
    {
        "name" => s.Name,
        "value" => s.Value,
        "attribute_type" => s.AttributeType,
        "allowable_values" => new JsonArray([.. (s.AllowableValues ?? []).Select(v => (JsonNode?)v)]),
        "lower_bound" => s.LowerBound,
        "max_length" => s.MaxLength,
        "min_length" => s.MinLength,
        "read_only" => s.ReadOnly,
        "reset_required" => s.ResetRequired,
        "unique" => s.Unique,
        "upper_bound" => s.UpperBound,
        _ => null,
    };

    /// <summary>Below 1.40 the node controller has no bios: pecan's 404, before anything else; else null.</summary>
    private static IResult? TooOld(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
}
