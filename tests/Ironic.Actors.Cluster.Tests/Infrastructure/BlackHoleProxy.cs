using System.Net;
using System.Net.Sockets;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the database for one member. <see cref="Cut"/> makes the database unreachable the
/// way a lost network does: bytes already sent stay unanswered and new connections are accepted but never answered, so
/// the member's driver waits on its time-outs instead of getting a quick "connection refused".
/// </summary>
public sealed class BlackHoleProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public BlackHoleProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port members connect to instead of the database's.</summary>
    public int Port { get; }

    public bool IsCut => _cut.Task.IsCompleted;

    /// <summary>From now on nothing passes in either direction, on open connections and new ones alike.</summary>
    public void Cut() => _cut.TrySetResult();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_connections)
                _connections.Add(client);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            if (IsCut)
                return; // held open (until dispose), never answered
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            lock (_connections)
                _connections.Add(server);
            var up = PumpAsync(client.GetStream(), server.GetStream());
            var down = PumpAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            if (!IsCut)
                client.Dispose();
        }
    }

    /// <summary>Copies until either side closes; once cut, what is read is dropped and nothing is written any more.</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
                return;
            if (IsCut)
                continue;
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
