using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>What a lookup answers: the events to store (a newly issued token), and the token to hand out.</summary>
public sealed record AgentLookupDecision(Decision Decision, string? Token);

public static partial class NodeDecisions
{
    /// <summary>What Ironic shows instead of a token it handed out before.</summary>
    public const string MaskedToken = "******";

    /// <summary>Where Ironic's <c>[api]restrict_lookup</c> lets an agent find its node (no fast track here).</summary>
    public static readonly IReadOnlySet<string> LookupAllowedStates = new HashSet<string>
    {
        Deploying, WaitCallBack, Cleaning, CleanWait, Inspecting, InspectWait, Rescuing, RescueWait,
    };

    /// <summary>The states in which a heartbeat is processed at all (recorded, and maybe acted on).</summary>
    private static readonly IReadOnlySet<string> HeartbeatStates = new HashSet<string>
    {
        WaitCallBack, CleanWait, RescueWait, Deploying, Cleaning, Rescuing,
    };

    /// <summary>Ironic's 404 for every lookup that finds nothing it may show (the same text whatever the reason).</summary>
    public static Rejection LookupNotFound() => Rejection.NotFound("Resource could not be found.");

    /// <summary>
    /// An agent looked its node up. Refused (404) outside <see cref="LookupAllowedStates"/>. With
    /// <paramref name="issueToken"/> (API 1.62+): a node without <c>agent_secret_token</c> stores
    /// <paramref name="newToken"/> and hands it out in clear; one that has a token hands out <see cref="MaskedToken"/>.
    /// </summary>
    public static AgentLookupDecision AgentLookup(Node node, bool issueToken, string newToken, NodeContext ctx)
    {
        if (!LookupAllowedStates.Contains(node.ProvisionState))
            return new AgentLookupDecision(LookupNotFound(), null);
        if (!issueToken)
            return new AgentLookupDecision(Decision.Accept(), StoredToken(node) is null ? null : MaskedToken);
        if (StoredToken(node) is not null)
            return new AgentLookupDecision(Decision.Accept(), MaskedToken);
        var issued = new DriverInternalInfoChanged(node.Uuid, new JsonObject { ["agent_secret_token"] = newToken }, [], ctx.Now);
        return new AgentLookupDecision(Decision.Accept(issued), newToken);
    }

    /// <summary>
    /// Whether a heartbeat may be taken at all, in Ironic's order: the API refuses a <paramref name="callbackUrl"/> that
    /// differs from the recorded <c>agent_url</c>, the conductor a token that is not the node's, then (with
    /// <paramref name="requireTls"/>, <c>[agent]require_tls</c>) a callback URL that is not https. Null: go on (the
    /// agent's CA, if it sent one, is saved next, then <see cref="AgentHeartbeat"/> decides).
    /// </summary>
    public static Rejection? HeartbeatRefusal(Node node, string callbackUrl, string token, bool requireTls)
    {
        if (DriverInfoText(node.DriverInternalInfo, "agent_url") is { } recorded && recorded != callbackUrl)
            return Rejection.Invalid("Detected change in ramdisk provided \"callback_url\"");
        if (StoredToken(node) is not { } stored || !FixedTimeEquals(stored, token))
            return Rejection.Invalid("Invalid or missing agent token received.");
        if (requireTls && !callbackUrl.StartsWith("https://", StringComparison.Ordinal))
            return Rejection.Invalid("TLS is required by configuration");
        return null;
    }

    /// <summary>The path of the agent's CA saved before, if any (<c>driver_internal_info.agent_verify_ca</c>).</summary>
    public static string? SavedAgentCa(Node node) => DriverInfoText(node.DriverInternalInfo, "agent_verify_ca");

    /// <summary>Ironic's refusal of an agent whose CA is not the one it sent before (same node, same ramdisk run).</summary>
    public static Rejection AgentCaChanged() => Rejection.Invalid("Detected change in ramdisk provided \"agent_verify_ca\"");

    /// <summary>
    /// An agent heartbeated (the API has checked the body's shape). Refused as <see cref="HeartbeatRefusal"/> says. In a
    /// state that expects no agent nothing is stored. Else the heartbeat is recorded (with <paramref name="verifyCaPath"/>,
    /// where the agent's CA was saved, as <c>agent_verify_ca</c>) and, in <c>wait call-back</c> or <c>clean wait</c> with
    /// no work running (<paramref name="busy"/> false: Ironic's lock, tried once), the node resumes and its agent work
    /// continues.
    /// </summary>
    public static Decision AgentHeartbeat(Node node, string callbackUrl, string? agentVersion, string token, bool busy, NodeContext ctx,
        bool requireTls = false, string? verifyCaPath = null)
    {
        if (HeartbeatRefusal(node, callbackUrl, token, requireTls) is { } refusal)
            return refusal;
        if (!HeartbeatStates.Contains(node.ProvisionState))
            return Decision.Accept();

        var events = new List<INodeEvent> { new AgentHeartbeatRecorded(node.Uuid, callbackUrl, agentVersion, ctx.Now) };
        if (verifyCaPath is not null && SavedAgentCa(node) != verifyCaPath)
            events.Add(new DriverInternalInfoChanged(node.Uuid, new JsonObject { ["agent_verify_ca"] = verifyCaPath }, [], ctx.Now));
        if (busy)
            return new Decision(events, null, null);
        switch (node.ProvisionState)
        {
            case WaitCallBack:
                events.Add(Fire(node, States.ProvisionEvents.Resume, ctx, null, node.TargetProvisionState));
                return new Decision(events, new NodeWork(WorkKind.ContinueDeploy), null);
            case CleanWait:
                events.Add(Fire(node, States.ProvisionEvents.Resume, ctx, null, node.TargetProvisionState));
                return new Decision(events, new NodeWork(WorkKind.ContinueClean), null);
            default:
                return new Decision(events, null, null);
        }
    }

    private static string? StoredToken(Node node) => DriverInfoText(node.DriverInternalInfo, "agent_secret_token");

    private static string? DriverInfoText(JsonObject info, string key) =>
        info[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
