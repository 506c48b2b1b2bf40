using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Holds the Ironic API's requests while the start-up warm-up (<see cref="GatewayWarmUp"/>) reads nodes through the
/// listening web server: a client's request that arrives meanwhile waits until the warm-up is done (at most
/// <see cref="GatewayWarmUp.MaxWait"/>), as it would have waited for the port to open, instead of running beside it
/// while the code it needs is still being compiled. The warm-up's own requests carry <see cref="Token"/> in
/// <see cref="Header"/> and pass. Only the API is held (its filter asks the gate); the management port's routes never are.
/// </summary>
public sealed class WarmUpGate
{
    /// <summary>The header a warm-up request carries <see cref="Token"/> in.</summary>
    public const string Header = "X-Ironic-Actors-Warm-Up";

    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A secret of this process: a request that shows it is the warm-up's own.</summary>
    public string Token { get; } = Guid.NewGuid().ToString("N");

    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Lets every request through from now on.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Whether <paramref name="http"/> is one of the warm-up's own requests.</summary>
    public bool IsWarmUp(HttpContext http) => http.Request.Headers[Header] == Token;

    /// <summary>Completes once <paramref name="http"/> may go on: at once when open or for a warm-up request.</summary>
    public Task PassAsync(HttpContext http) =>
        IsOpen || IsWarmUp(http) ? Task.CompletedTask : _open.Task.WaitAsync(http.RequestAborted);
}
