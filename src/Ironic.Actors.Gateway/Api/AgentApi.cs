using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// The agent ramdisk's endpoints (Ironic's ramdisk.py): GET /v1/lookup (1.22+) and POST /v1/heartbeat/{node} (1.22+).
/// Both are open without credentials (<see cref="Auth.PublicRoutes"/>); the agent token stands in for them.
/// </summary>
internal static class AgentApi
{
    private static readonly string[] LookupFields = ["uuid", "created_at", "updated_at", "properties", "instance_info", "driver_internal_info"];
    private static readonly string[] AgentStatuses = ["start", "end", "error"];

    public static void MapAgentApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/lookup").MapGet("/lookup", (Func<HttpContext, Task<IResult>>)Lookup);
        v1.AllowOnly("/lookup", "GET");
        v1.MapPost("/heartbeat/{ident}", Heartbeat);
        v1.AllowOnly("/heartbeat/{ident}", "POST");
    }

    private static async Task<IResult> Lookup(HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Versions.RamdiskEndpoints))
            return NotFound();
        var addresses = (QueryValues.Get(api.Query, "addresses") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Identifiers.NormalizeMac).OfType<string>().ToList(); // invalid ones are ignored, as Ironic does
        Guid? nodeUuid = null;
        if (QueryValues.Get(api.Query, "node_uuid") is { Length: > 0 } text)
        {
            if (Identifiers.NormalizeUuid(text) is not { } uuid)
                return IronicResults.Error(400, $"Expected UUID for node_uuid: {text}");
            nodeUuid = Guid.Parse(uuid);
        }
        if (addresses.Count == 0 && nodeUuid is null)
            return IronicResults.Error(400, "At least one of 'addresses' and 'node_uuid' parameters is required");

        var issueToken = api.Version.AtLeast(Versions.AgentToken);
        var reply = await api.AskAsync(new GatewayRequests.AgentLookup(addresses, nodeUuid, issueToken, NewToken()));
        if (reply is not AgentCommands.AgentLookedUp found)
            return ReplyResults.Failure(reply);

        var sb = new StringBuilder(2048);
        sb.Append("{\"node\": ");
        NodeRenderer.Write(sb, found.View, api.Version, api.BaseUrl, LookupFields);
        sb.Append(", \"config\": ");
        PyJson.Append(sb, Config(found.Token, api.Options));
        sb.Append('}');
        return IronicResults.JsonText(sb.ToString());
    }

    private static Task<IResult> Heartbeat(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (api, body) =>
        {
            if (ParseHeartbeat(body.Node, api) is { } error)
                return ParsedCommand.Unless(error, _ => null!);
            var b = (JsonObject)body.Node!;
            return ParsedCommand.Unless(null, id => new AgentCommands.AgentHeartbeat(
                id, Text(b, "callback_url")!, Text(b, "agent_version"), Text(b, "agent_token")!, Text(b, "agent_verify_ca")));
        }, (_, reply) => SubResourceResults.Changed(reply, StatusCodes.Status202Accepted, null),
            api => api.Version.AtLeast(Versions.RamdiskEndpoints) ? null : NotFound());

    /// <summary>The heartbeat body's checks, in Ironic's order; null when it may go to the node.</summary>
    private static ApiError? ParseHeartbeat(JsonNode? node, ApiRequest api)
    {
        if (node is not JsonObject body)
            return ApiError.BadRequest("Invalid request body: a JSON object is expected.");
        foreach (var key in new[] { "callback_url", "agent_version", "agent_token", "agent_verify_ca", "agent_status", "agent_status_message" })
        {
            if (body[key] is { } value && (value is not JsonValue v || !v.TryGetValue<string>(out _)))
                return ApiError.BadRequest($"Expected a string for {key}: {value.ToJsonString()}");
        }
        if (Text(body, "callback_url") is not { } callbackUrl)
            return ApiError.BadRequest("Missing mandatory parameter: callback_url");
        if (body.ContainsKey("agent_version") && !api.Version.AtLeast(Versions.AgentVersionInHeartbeat))
            return ApiError.BadRequest("Field \"agent_version\" not recognised");
        if ((body.ContainsKey("agent_status") || body.ContainsKey("agent_status_message")) && !api.Version.AtLeast(Versions.StatusInHeartbeat))
            return ApiError.BadRequest("Fields \"agent_status\" and \"agent_status_message\" not recognised.");
        if (body.ContainsKey("agent_verify_ca") && !api.Version.AtLeast(Versions.VerifyCaInHeartbeat))
            return ApiError.BadRequest("Field \"agent_verify_ca\" not recognised in this version");
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url) || !url.Scheme.Contains("http", StringComparison.Ordinal))
            return ApiError.BadRequest("An issue with the supplied \"callback_url\" has been detected.");
        if (Text(body, "agent_token") is null)
            return ApiError.BadRequest("Agent token is required for heartbeat processing.");
        if (Text(body, "agent_status") is { } status && !AgentStatuses.Contains(status))
            return ApiError.BadRequest($"Agent status is invalid. Valid states are {string.Join(",", AgentStatuses)}.");
        return null;
    }

    /// <summary>The configuration Ironic 21.4 hands the agent with its node.</summary>
    private static JsonObject Config(string? token, GatewayOptions options) => new()
    {
        ["metrics"] = new JsonObject
        {
            ["backend"] = "noop",
            ["prepend_host"] = false,
            ["prepend_uuid"] = false,
            ["prepend_host_reverse"] = true,
            ["global_prefix"] = null,
        },
        ["metrics_statsd"] = new JsonObject { ["statsd_host"] = "localhost", ["statsd_port"] = 8125 },
        ["heartbeat_timeout"] = options.RamdiskHeartbeatTimeout,
        ["agent_token"] = token,
        ["agent_token_required"] = true,
        ["disable_deep_image_inspection"] = false,
        ["permitted_image_formats"] = new JsonArray("raw", "qcow2", "iso"),
        ["enable_bios_bootloader_install"] = true,
    };

    /// <summary>A random URL-safe token of 43 characters (32 random bytes, base64url without padding), as Ironic's.</summary>
    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Text(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult NotFound() => IronicResults.Error(404, "Resource could not be found.");
}
