namespace Ironic.Actors.TestKit.Redfish;

/// <summary>
/// The accept loop of a test server: accepts connections on the thread pool and serves each one on its own task
/// until it is stopped; the exceptions a stopping listener throws end it quietly.
/// </summary>
/// <typeparam name="TConnection">What the listener accepts (an HTTP context, a TCP client).</typeparam>
public sealed class AcceptLoop<TConnection>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Exception, bool> _stopping;
    private readonly Task _loop;

    /// <summary>
    /// Starts accepting with <paramref name="accept"/> and serving with <paramref name="serve"/>;
    /// <paramref name="stopping"/> tells the exceptions that mean the listener has stopped.
    /// </summary>
    public AcceptLoop(Func<CancellationToken, Task<TConnection>> accept, Func<TConnection, Task> serve, Func<Exception, bool> stopping)
    {
        _stopping = stopping;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TConnection connection;
                try
                {
                    connection = await accept(_stop.Token);
                }
                catch (Exception e) when (stopping(e))
                {
                    return;
                }
                _ = Task.Run(() => serve(connection));
            }
        });
    }

    /// <summary>Cancelled when the server stops: what its connections wait on.</summary>
    public CancellationToken Stopped => _stop.Token;

    /// <summary>Cancels <see cref="Stopped"/>, stops the listener with <paramref name="stopListener"/> and waits for the loop.</summary>
    public async Task StopAsync(Action stopListener)
    {
        await _stop.CancelAsync();
        stopListener();
        try
        {
            await _loop;
        }
        catch (Exception e) when (_stopping(e))
        {
        }
        _stop.Dispose();
    }
}
