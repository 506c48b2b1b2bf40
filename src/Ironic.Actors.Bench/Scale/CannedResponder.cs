using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// A minimal HTTP/1.1 server on a free loopback port inside the benchmark's own process, for <see cref="ClientWarmUp"/>:
/// it answers every request at once with a node document shaped as the API's (a new uuid each time), 201 to a POST,
/// 204 to a DELETE, 200 otherwise, and keeps the connection. Nothing of the server under test is touched.
/// </summary>
internal sealed class CannedResponder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public CannedResponder()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        _accepting = AcceptAsync(_stop.Token);
    }

    public Uri BaseAddress { get; }

    private async Task AcceptAsync(CancellationToken ct)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
                connections.Add(ServeAsync(await _listener.AcceptTcpClientAsync(ct), ct));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        await Task.WhenAll(connections);
    }

    private static async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (filled == buffer.Length)
                        Array.Resize(ref buffer, 2 * buffer.Length);
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
                    if (read == 0)
                        return;
                    filled += read;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
                var length = ContentLength(head);
                var total = headerEnd + 4 + length;
                if (total > buffer.Length)
                    Array.Resize(ref buffer, total);
                while (filled < total)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
                    if (read == 0)
                        return;
                    filled += read;
                }
                Array.Copy(buffer, total, buffer, 0, filled - total);
                filled -= total;
                await stream.WriteAsync(Answer(head[..head.IndexOf(' ')]), ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
        return 0;
    }

    private static byte[] Answer(string method)
    {
        var (status, body) = method switch
        {
            "POST" => ("201 Created", Node()),
            "DELETE" => ("204 No Content", ""),
            _ => ("200 OK", Node()),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
                   "X-OpenStack-Ironic-API-Version: 1.78\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }

    /// <summary>A node as the API renders one just created (the fields that matter to a client's parser: strings, nulls, objects, lists).</summary>
    private static string Node() =>
        $$"""
        {"uuid": "{{Guid.NewGuid()}}", "name": "client-warm-up", "driver": "fake-hardware", "provision_state": "enroll",
         "power_state": null, "target_provision_state": null, "maintenance": false, "resource_class": "bm.small",
         "properties": {"cpus": 8, "memory_mb": 65536, "local_gb": 500, "cpu_arch": "x86_64"}, "extra": {},
         "driver_info": {}, "instance_info": {}, "traits": [], "owner": null, "lessee": null, "conductor_group": "",
         "created_at": "2026-12-07T00:00:00+00:00", "updated_at": null,
         "links": [{"href": "http://127.0.0.1/v1/nodes/x", "rel": "self"}, {"href": "http://127.0.0.1/nodes/x", "rel": "bookmark"}]}
        """;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
