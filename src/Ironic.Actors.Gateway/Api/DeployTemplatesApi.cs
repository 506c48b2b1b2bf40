using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Requests;
using Ironic.Actors.Protocol.Templates;
using Ironic.Actors.Protocol.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/deploy_templates (1.55): list (no <c>/detail</c> endpoint, <c>?detail=true</c> instead), create, show, update,
/// delete; templates are named by UUID or name. Below 1.55 the controller answers in webob's words: 404 for GET, 405 otherwise.
/// </summary>
internal static class DeployTemplatesApi
{
    private const int Since = Versions.DeployTemplates;
    private static readonly string[] ListArguments = ["marker", "limit", "sort_key", "sort_dir", "fields", "detail"];

    public static readonly ResourceFields Fields = new(
        "deploy_template",
        [("uuid", 1), ("created_at", 1), ("updated_at", 1), ("name", 1), ("extra", 1), ("links", 1), ("steps", 1)],
        ["uuid", "name"],
        new Dictionary<string, int>());

    private static readonly CollectionSpec Spec = new(
        Fields,
        new HashSet<string> { "id", "uuid", "name", "created_at", "updated_at" },
        new HashSet<string> { "extra", "steps" },
        FieldsSince: 1);

    public static void MapDeployTemplatesApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/deploy_templates").MapGet("/deploy_templates", (Func<HttpContext, Task<IResult>>)List).Takes(ListFirst, ListArguments);
        v1.MapPost("/deploy_templates", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/deploy_templates", "GET", "POST");
        v1.RefuseHead("/deploy_templates/{ident}").MapGet("/deploy_templates/{ident}", Get);
        v1.MapPatch("/deploy_templates/{ident}", Patch);
        v1.MapDelete("/deploy_templates/{ident}", Delete);
        v1.AllowOnly("/deploy_templates/{ident}", "GET", "PATCH", "DELETE");
    }

    /// <summary>The template's JSON in Ironic's field order, or only <paramref name="fields"/> plus links.</summary>
    public static JsonObject Render(DeployTemplateFields t, string baseUrl, IReadOnlyCollection<string>? fields = null)
    {
        var result = new JsonObject();
        foreach (var (name, _) in Fields.All)
        {
            if (fields is not null && name != "links" && !fields.Contains(name))
                continue;
            result[name] = name switch
            {
                "uuid" => t.Uuid.ToString(),
                "created_at" => Timestamps.ToJson(t.CreatedAt),
                "updated_at" => Timestamps.ToJson(t.UpdatedAt),
                "name" => t.Name,
                "extra" => t.Extra.DeepClone(),
                "links" => Links.SelfAndBookmark(baseUrl, $"deploy_templates/{t.Uuid}"),
                "steps" => t.Steps.DeepClone(),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a deploy template field"),
            };
        }
        return result;
    }

    /// <summary>webob's error for a version without deploy templates: 404 for GET, 405 for the rest.</summary>
    private static IResult TooOld(HttpContext http) => IronicResults.VersionDoesNotAllow(http, "deploy templates");

    /// <summary>What Ironic checks before a list's arguments: the version.</summary>
    private static IResult? ListFirst(HttpContext http) => ApiRequest.From(http).Version.AtLeast(Since) ? null : TooOld(http);

    private static async Task<IResult> List(HttpContext http)
    {
        var api = ApiRequest.From(http);
        // Ironic looks the marker up as a template UUID: anything else names no template (404), not a bad argument.
        if (QueryValues.Get(api.Query, "marker") is { } markerText && Identifiers.NormalizeUuid(markerText) is null)
            return IronicResults.Error(StatusCodes.Status404NotFound, DeployTemplateReplies.NotFound(markerText).Message);
        var (request, error) = CollectionQuery.Parse(api.Query, api.Version, api.Options.MaxLimit, detailEndpoint: false, Spec);
        if (error is not null)
            return IronicResults.Error(error);

        var reply = await api.AskAsync(new PortGatewayRequests.ToDeployTemplates(
            new DeployTemplateCommands.ListDeployTemplates(request!.SortKey, request.SortDir, request.Limit, request.Marker)));
        if (reply is not DeployTemplateReplies.DeployTemplatePage page)
            return ReplyResults.Failure(reply);
        if (!page.MarkerFound && request.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, DeployTemplateReplies.NotFound(marker.ToString()).Message);

        var items = new JsonArray();
        foreach (var template in page.Fields)
            items.Add(Render(template, api.BaseUrl, request.Fields));
        var body = new JsonObject { ["deploy_templates"] = items };
        if (CollectionQuery.NextLink(api.BaseUrl, "deploy_templates", [], request, page.Templates.Count, page.Templates.LastOrDefault()?.Uuid) is { } next)
            body["next"] = next;
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (PortBodies.UuidOrName("template_ident", ident) is { } identError)
            return IronicResults.Error(identError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, Spec);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToDeployTemplates(new DeployTemplateCommands.GetDeployTemplate(ident)));
        return reply is DeployTemplateReplies.DeployTemplateView view
            ? IronicResults.Json(Render(view.Fields, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), "template");
        if (bodyError is not null)
            return IronicResults.Error(bodyError);

        var reply = await api.AskAsync(new PortGatewayRequests.ToDeployTemplates(
            new DeployTemplateCommands.CreateDeployTemplate(Identifiers.NewUuid(), body!)));
        return reply is DeployTemplateReplies.DeployTemplateView view
            ? IronicResults.Json(Render(view.Fields, api.BaseUrl), StatusCodes.Status201Created,
                location: $"{api.BaseUrl}/v1/deploy_templates/{view.Fields.Uuid}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (PortBodies.UuidOrName("template_ident", ident) is { } identError)
            return IronicResults.Error(identError);
        var (ops, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), DeployTemplateCommands.PatchDeployTemplate.PatchableFields);
        if (error is not null)
            return IronicResults.Error(error);
        var reply = await api.AskAsync(new PortGatewayRequests.ToDeployTemplates(new DeployTemplateCommands.PatchDeployTemplate(ident, ops!.Operations)));
        return reply is DeployTemplateReplies.DeployTemplateView view
            ? IronicResults.Json(Render(view.Fields, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (PortBodies.UuidOrName("template_ident", ident) is { } identError)
            return IronicResults.Error(identError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToDeployTemplates(new DeployTemplateCommands.DeleteDeployTemplate(ident)));
        return reply is DeployTemplateReplies.DeployTemplateRemoved ? IronicResults.Empty(StatusCodes.Status204NoContent) : ReplyResults.Failure(reply);
    }
}
