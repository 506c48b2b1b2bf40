namespace Ironic.Actors.Domain.Decisions;

/// <summary>Why Ironic refuses a request; the gateway maps each kind to its HTTP status.</summary>
public enum RejectionKind
{
    /// <summary>400: bad input or a transition the state machine does not allow.</summary>
    Invalid,
    /// <summary>403: the node is protected, or the operation is not permitted.</summary>
    Forbidden,
    /// <summary>404: the node (or a part of it) does not exist.</summary>
    NotFound,
    /// <summary>409: a conflict with the node's state, its lock, or another node.</summary>
    Conflict,
}

/// <summary>A refused command with Ironic's user-facing message (the API's <c>faultstring</c>).</summary>
public sealed record Rejection(RejectionKind Kind, string Message)
{
    public static Rejection Invalid(string message) => new(RejectionKind.Invalid, message);
    public static Rejection Conflict(string message) => new(RejectionKind.Conflict, message);
    public static Rejection Forbidden(string message) => new(RejectionKind.Forbidden, message);
    public static Rejection NotFound(string message) => new(RejectionKind.NotFound, message);

    public static Rejection NodeNotFound(string ident) => NotFound($"Node {ident} could not be found.");

    public static Rejection NodeLocked(Guid node, string host) =>
        Conflict($"Node {node} is locked by host {host}, please retry after the current operation is completed.");

    public static Rejection InvalidStateRequested(string action, Guid node, string? state) =>
        InvalidStateRequested(action, node.ToString(), state);

    /// <summary>As above, naming the node as the request did (Ironic's power endpoint repeats the name or UUID it was given).</summary>
    public static Rejection InvalidStateRequested(string action, string node, string? state) =>
        Invalid($"The requested action \"{action}\" can not be performed on node \"{node}\" while it is in state \"{state ?? "None"}\".");
}
