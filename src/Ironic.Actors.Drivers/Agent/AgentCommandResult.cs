using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Agent;

/// <summary>
/// One command as the agent reports it (<c>{id, command_name, command_status, command_error, command_result}</c>);
/// the name has no extension prefix ("execute_deploy_step", not "deploy.execute_deploy_step").
/// </summary>
public sealed record AgentCommandResult(string? Id, string Name, string Status, JsonObject? Error, JsonObject? Result)
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public bool IsRunning => Status == Running;
    public bool HasSucceeded => Status == Succeeded;

    /// <summary>
    /// The error as Ironic shows it (<c>get_command_error</c>): command_error.details, else its message, else the
    /// whole error; "Invalid agent response" without one.
    /// </summary>
    public string IronicError =>
        Error is null ? "Invalid agent response"
        : Text(Error["details"]) ?? Text(Error["message"]) ?? Error.ToJsonString();

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>The agent's error message (command_error.message, else its details, else the whole error).</summary>
    public string ErrorMessage =>
        Error?["message"]?.GetValue<string>() ?? Error?["details"]?.ToString() ?? Error?.ToJsonString() ?? $"command {Name} ended {Status}";

    public static AgentCommandResult Parse(JsonObject json) => new(
        json["id"]?.ToString(),
        json["command_name"]?.GetValue<string>() ?? "",
        json["command_status"]?.GetValue<string>() ?? "",
        json["command_error"] as JsonObject,
        json["command_result"] as JsonObject);
}

/// <summary>The agent answered 409: a previous command still runs. Ironic retries at the next heartbeat.</summary>
public sealed class AgentBusyException(string message) : Exception(message);
