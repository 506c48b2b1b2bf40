using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/vifs (API 1.28): GET lists the attached VIFs (<c>{"vifs": [{"id": ...}]}</c>), POST attaches one
/// (204), DELETE /vifs/{vif_id} detaches one (204). The node answers once the port or portgroup holding the VIF is
/// stored. Below 1.28, and for methods the VIF controller lacks, Ironic 21.4's web framework answers before its code
/// runs (404, or 405 with <c>Allow: DELETE, GET, POST</c>; in the faultstring form, as README's kept differences say);
/// the body is checked before the node is looked up, as Ironic's validators run first.
/// </summary>
internal static class NodeVifsApi
{
    /// <summary>The microversion (minor) that added the VIF sub-resource.</summary>
    public const int Since = Versions.Vifs;

    /// <summary>From 1.67 a VIF may name the port or the portgroup it goes to, but not both.</summary>
    public const int PortChoiceSince = Versions.VifPortChoice;

    private static readonly string[] Allowed = ["DELETE", "GET", "POST"];

    public static void MapNodeVifsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/vifs").MapGet("/nodes/{ident}/vifs", List);
        v1.MapPost("/nodes/{ident}/vifs", Attach);
        v1.MapDelete("/nodes/{ident}/vifs", (HttpContext http) => TooOld(http) ??
            IronicResults.Error(StatusCodes.Status400BadRequest, "Missing mandatory parameter: vif_id"));
        v1.MapPost("/nodes/{ident}/vifs/{vifId}", (string vifId, HttpContext http) => TooOld(http) ??
            IronicResults.Error(StatusCodes.Status400BadRequest, $"Schema error for vif: {PyRepr.Of(vifId)} is not of type 'object'"));
        v1.MapDelete("/nodes/{ident}/vifs/{vifId}", Detach);
        v1.MapMethods("/nodes/{ident}/vifs/{vifId}", ["HEAD"], (HttpContext http) => IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
        foreach (var pattern in new[] { "/nodes/{ident}/vifs", "/nodes/{ident}/vifs/{vifId}" })
        {
            v1.MapMethods(pattern, [.. IronicApi.Methods.Except(pattern.EndsWith("{vifId}") ? ["POST", "DELETE"] : Allowed)],
                (HttpContext http) => TooOld(http) ?? IronicResults.MethodNotAllowed(http.Request.Method, Allowed));
        }
    }

    private static Task<IResult> List(string ident, HttpContext http) => TooOld(http) is { } old
        ? Task.FromResult(old)
        : SubResourceResults.AskNode<NodeReplies.Vifs>(ident, http, id => new NodeSubResourceCommands.ListVifs(id),
            vifs => IronicResults.Json(new JsonObject
            {
                ["vifs"] = new JsonArray([.. vifs.Ids.Select(v => (JsonNode)new JsonObject { ["id"] = v })]),
            }));

    /// <summary>
    /// Ironic checks the body first, then finds the node, then (1.67+) refuses a VIF naming both a port and a
    /// portgroup: that last refusal is answered after the node is looked up, so a missing node is still 404.
    /// </summary>
    private static async Task<IResult> Attach(string ident, HttpContext http)
    {
        if (TooOld(http) is { } old)
            return old;
        var api = ApiRequest.From(http);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var (request, error) = VifBodies.Parse(body.IsEmpty ? null : body.Node);
        if (error is not null)
            return IronicResults.Error(error);
        var both = api.Version.AtLeast(PortChoiceSince) && request!.NamesPortAndPortgroup;
        return await SubResourceResults.AskNode(ident, http,
            id => both ? new NodeCommands.GetNode(id) : new NodeSubResourceCommands.AttachVif(id, request!.Id, request.PortUuid, request.PortgroupUuid),
            (_, reply) => both && reply is NodeReplies.NodeView
                ? IronicResults.Error(StatusCodes.Status400BadRequest, "Cannot specify both port_uuid and portgroup_uuid")
                : SubResourceResults.Changed(reply, StatusCodes.Status204NoContent, null));
    }

    private static Task<IResult> Detach(string ident, string vifId, HttpContext http)
    {
        if (TooOld(http) is { } old)
            return Task.FromResult(old);
        if (PortBodies.UuidOrName("vif_id", vifId) is { } invalid)
            return Task.FromResult(IronicResults.Error(invalid));
        return SubResourceResults.AskNode(ident, http, id => new NodeSubResourceCommands.DetachVif(id, vifId),
            (_, reply) => SubResourceResults.Changed(reply, StatusCodes.Status204NoContent, null));
    }

    /// <summary>Below 1.28 the node controller has no VIFs: pecan's 404, before anything else; else null.</summary>
    private static IResult? TooOld(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
}

/// <summary>A checked POST /vifs body: the VIF's id and the port or portgroup it must go to (Python-truthy values only).</summary>
public sealed record VifBody(string Id, string? PortUuid, string? PortgroupUuid, bool NamesPortAndPortgroup);

/// <summary>Checks the body of POST /v1/nodes/{ident}/vifs as Ironic's validators do: an object with a string <c>id</c>
/// that is a UUID or a logical name; other members are passed on (Ironic keeps them in the VIF's information).</summary>
public static class VifBodies
{
    public static (VifBody? Body, ApiError? Error) Parse(JsonNode? body)
    {
        if (body is not JsonObject fields)
            return (null, body is null
                ? ApiError.BadRequest("Schema error for vif: 'id' is a required property")
                : ApiError.BadRequest($"Schema error for vif: {PyRepr.Of(body)} is not of type 'object'"));
        if (!fields.TryGetPropertyValue("id", out var id))
            return (null, ApiError.BadRequest("Schema error for vif: 'id' is a required property"));
        if (id is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest($"Schema error for vif: {PyRepr.Of(id)} is not of type 'string'"));
        var vifId = value.GetValue<string>();
        if (PortBodies.UuidOrName("id", vifId) is { } invalid)
            return (null, invalid);
        // Ironic reads port_uuid when the key is there (even if false-ish: then neither filter applies), else portgroup_uuid.
        var port = fields.ContainsKey("port_uuid") ? TruthyText(fields["port_uuid"]) : null;
        var group = fields.ContainsKey("port_uuid") ? null : TruthyText(fields["portgroup_uuid"]);
        return (new VifBody(vifId, port, group, fields.ContainsKey("port_uuid") && fields.ContainsKey("portgroup_uuid")), null);
    }

    /// <summary>The value as text when Python would find it true (not null, "", 0, false, [] or {}), else null.</summary>
    private static string? TruthyText(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.Count == 0 ? null : o.ToJsonString(),
        JsonArray a => a.Count == 0 ? null : a.ToJsonString(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
            JsonValueKind.False or JsonValueKind.Null => null,
            JsonValueKind.Number => v.GetValue<double>() == 0 ? null : v.ToJsonString(),
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };
}
