using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    public static void MapNodeVendorPassthruApi(this IEndpointRouteBuilder v1) =>
        v1.MapVendorPassthru("/nodes/{ident}", "ident", Methods, Call);

    private static Task<IResult> Methods(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.VendorMethods>(ident, http, id => new NodeSubResourceCommands.GetVendorMethods(id),
            methods => IronicResults.Json(SubResourceRenderer.VendorMethods(methods)));

    private static Task<IResult> Call(string ident, string? method, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (_, body) =>
        {
            // Ironic passes "no body" to the driver as no arguments.
            var arguments = body.IsEmpty ? new JsonObject() : body.Node;
            var httpMethod = http.Request.Method.ToUpperInvariant();
            return new ParsedCommand(id => new NodeSubResourceCommands.CallVendorMethod(id, method!, httpMethod, arguments), Error: null);
        }, (_, reply) => Answer(reply), refuse: _ => string.IsNullOrEmpty(method)
            ? IronicResults.Error(StatusCodes.Status400BadRequest, SubResourceBodies.MethodNotSpecified)
            : null);

    /// <summary>200 with a synchronous method's return value (as JSON, or as a file), 202 for an asynchronous one.</summary>
    private static IResult Answer(object reply)
    {
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
