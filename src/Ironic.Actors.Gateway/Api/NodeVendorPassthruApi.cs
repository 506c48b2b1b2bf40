using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/vendor_passthru/methods and vendor passthru calls: any HTTP method on
/// /v1/nodes/{ident}/vendor_passthru?method=X, or on /v1/nodes/{ident}/vendor_passthru/X (what the
/// <c>baremetal</c> CLI sends). The body is the method's arguments. Synchronous methods answer 200 with their
/// return value as JSON, asynchronous ones 202 at once.
/// </summary>
internal static class NodeVendorPassthruApi
{
    private static readonly string[] CallMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void MapNodeVendorPassthruApi(this IEndpointRouteBuilder v1)
    {
        v1.MapRead("/nodes/{ident}/vendor_passthru/methods", Methods);
        v1.MapMethods("/nodes/{ident}/vendor_passthru", CallMethods,
            (string ident, HttpContext http) => Call(ident, QueryValues.Get(http.Request.Query, "method"), http));
        v1.MapMethods("/nodes/{ident}/vendor_passthru/{method}", CallMethods,
            (string ident, string method, HttpContext http) => Call(ident, method, http));
    }

    private static Task<IResult> Methods(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.VendorMethods>(ident, http, id => new NodeSubResourceCommands.GetVendorMethods(id),
            methods => IronicResults.Json(SubResourceRenderer.VendorMethods(methods)));

    private static async Task<IResult> Call(string ident, string? method, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        if (string.IsNullOrEmpty(method))
            return IronicResults.Error(StatusCodes.Status400BadRequest, SubResourceBodies.MethodNotSpecified);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        // Ironic passes "no body" to the driver as no arguments.
        var arguments = body.IsEmpty ? new JsonObject() : body.Node;
        var httpMethod = http.Request.Method.ToUpperInvariant();

        var reply = await api.AskAsync(new GatewayRequests.ForNode(
            ident, id => new NodeSubResourceCommands.CallVendorMethod(id, method, httpMethod, arguments)));
        if (reply is not DriverCallReplies.VendorCallResult result)
            return SubResourceResults.Failure(reply);
        if (result.Async)
            return IronicResults.Empty(StatusCodes.Status202Accepted);
        if (result.Attach && result.Return?.GetValueKind() == JsonValueKind.String)
            return new AttachmentResult(result.Return.GetValue<string>());
        return IronicResults.Json(result.Return!);
    }

    /// <summary>A method's return value sent as a file (its <c>attach</c> flag): the raw bytes, not JSON.</summary>
    private sealed class AttachmentResult(string content) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/octet-stream";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
    }
}
