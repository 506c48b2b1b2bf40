using Ironic.Actors.Protocol;

namespace Ironic.Actors.Gateway.Api;

/// <summary>What a request body parses into: the builder of the node's command, or the error to answer instead.</summary>
internal readonly record struct ParsedCommand(Func<Guid, IWithNodeId>? Command, ApiError? Error)
{
    /// <summary><paramref name="error"/> when there is one, else the command <paramref name="command"/> builds.</summary>
    public static ParsedCommand Unless(ApiError? error, Func<Guid, IWithNodeId> command) =>
        error is null ? new(command, null) : new(null, error);
}
