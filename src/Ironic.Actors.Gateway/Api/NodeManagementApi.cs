using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/validate (and the legacy /v1/nodes/validate?node=…), and
/// /v1/nodes/{ident}/management/boot_device[/supported]. The driver calls run on the conductor hosting the node.
/// </summary>
internal static class NodeManagementApi
{
    public static void MapNodeManagementApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/validate").MapGet("/nodes/{ident}/validate", Validate);
        v1.AllowOnly("/nodes/{ident}/validate", "GET");
        v1.RefuseHead("/nodes/validate").MapGet("/nodes/validate", (Func<HttpContext, Task<IResult>>)ValidateLegacy);
        v1.AllowOnly("/nodes/validate", "GET");
        v1.RefuseHead("/nodes/{ident}/management/boot_device").MapGet("/nodes/{ident}/management/boot_device", GetBootDevice).Takes();
        v1.MapPut("/nodes/{ident}/management/boot_device", SetBootDevice);
        v1.AllowOnly("/nodes/{ident}/management/boot_device", "GET", "PUT");
        v1.RefuseHead("/nodes/{ident}/management/boot_device/supported").MapGet("/nodes/{ident}/management/boot_device/supported", SupportedBootDevices).Takes();
        v1.AllowOnly("/nodes/{ident}/management/boot_device/supported", "GET");
    }

    private static Task<IResult> Validate(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.ValidationReport>(ident, http, id => new NodeSubResourceCommands.ValidateInterfaces(id),
            report => IronicResults.Json(SubResourceRenderer.Validation(report)));

    /// <summary>GET /v1/nodes/validate?node=&lt;uuid or name&gt; (or ?node_uuid=&lt;uuid&gt;), the old spelling.</summary>
    private static async Task<IResult> ValidateLegacy(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var node = QueryValues.Get(api.Query, "node");
        var nodeUuid = QueryValues.Get(api.Query, "node_uuid");
        if (nodeUuid is not null && Identifiers.NormalizeUuid(nodeUuid) is null)
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidUuid("node_uuid", nodeUuid));
        if (node is not null && !Identifiers.IsUuidLike(node) && !api.Version.AtLeast(Versions.NodeNames))
            return IronicResults.Error(ApiError.NotAcceptable());
        var ident = nodeUuid ?? node;
        if (string.IsNullOrEmpty(ident))
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidUuidOrName("None"));
        return await Validate(ident, http);
    }

    private static Task<IResult> GetBootDevice(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.BootDevice>(ident, http, id => new NodeSubResourceCommands.GetBootDevice(id),
            device => IronicResults.Json(SubResourceRenderer.BootDevice(device)));

    private static Task<IResult> SetBootDevice(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (_, body) =>
        {
            var (device, persistent, error) = SubResourceBodies.ParseBootDevice(body.Node);
            return ParsedCommand.Unless(error, id => new NodeSubResourceCommands.SetBootDevice(id, device!, persistent));
        }, (_, reply) => reply is DriverCallReplies.Done
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : SubResourceResults.Failure(reply));

    private static Task<IResult> SupportedBootDevices(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.SupportedBootDevices>(ident, http, id => new NodeSubResourceCommands.GetSupportedBootDevices(id),
            supported => IronicResults.Json(SubResourceRenderer.SupportedBootDevices(supported)));
}
