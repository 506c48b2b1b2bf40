namespace Ironic.Actors.Gateway.Api;

/// <summary>A request the gateway refuses before it reaches the cluster: HTTP status and Ironic fault string.</summary>
public sealed record ApiError(int Status, string Message)
{
    public static ApiError BadRequest(string message) => new(400, message);
    public static ApiError NotFound(string message) => new(404, message);
    public static ApiError NotAcceptable() => new(406, Errors.Messages.NotAcceptable);
}
