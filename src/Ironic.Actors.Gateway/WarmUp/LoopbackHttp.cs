using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Requests over plain HTTP/1.1 to a web server of this process, on kept-alive loopback connections: the warm-up's
/// way through everything a client's request passes (the socket transport, Kestrel's parsing, the middleware, the
/// endpoint, the response's writing). Deliberately small: an <c>HttpClient</c> would be one more large stack to compile
/// at start, beside the server's. Sends a JSON body when given one; reads the status, and the response's body only when
/// asked (else skips it, by its length or its chunks).
/// </summary>
internal sealed class LoopbackHttp(IPEndPoint endpoint, string headers) : IDisposable
{
    private readonly ConcurrentBag<Connection> _idle = new();

    /// <summary>Where to reach a server address (as Kestrel reports it) from this host, or null (not plain HTTP, or not an IP).</summary>
    public static IPEndPoint? EndpointOf(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+:", "://localhost:").Replace("://*:", "://localhost:"), UriKind.Absolute, out var uri) ||
            uri.Scheme != Uri.UriSchemeHttp)
            return null;
        var host = uri.Host.Trim('[', ']');
        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (ip is null)
            return null;
        if (ip.Equals(IPAddress.Any))
            ip = IPAddress.Loopback;
        else if (ip.Equals(IPAddress.IPv6Any))
            ip = IPAddress.IPv6Loopback;
        return new IPEndPoint(ip, uri.Port);
    }

    public IPEndPoint Endpoint => endpoint;

    /// <summary>GETs <paramref name="path"/> (with <paramref name="more"/>, header lines each ending in CRLF); answers the response's status code.</summary>
    public async Task<int> GetAsync(string path, CancellationToken ct, string more = "") =>
        (await SendAsync(HttpMethod.Get, path, null, readBody: false, ct, more)).Status;

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> with <paramref name="json"/> as its body (none when null);
    /// answers the status, and the response's body (UTF-8) when <paramref name="readBody"/>, else null.
    /// </summary>
    public async Task<(int Status, string? Body)> SendAsync(
        HttpMethod method, string path, string? json, bool readBody, CancellationToken ct, string more = "")
    {
        var body = json is null ? "" : $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json).ToString(CultureInfo.InvariantCulture)}\r\n\r\n{json}";
        var request = Encoding.UTF8.GetBytes($"{method.Method} {path} HTTP/1.1\r\nHost: localhost\r\n{headers}{more}{(json is null ? "\r\n" : body)}");
        var connection = _idle.TryTake(out var idle) ? idle : await Connection.OpenAsync(endpoint, ct);
        try
        {
            var (status, reusable, text) = await connection.ExchangeAsync(request, readBody, ct);
            if (reusable)
                _idle.Add(connection);
            else
                connection.Dispose();
            return (status, text);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
            connection.Dispose();
    }

    private sealed class Connection(Socket socket) : IDisposable
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public static async Task<Connection> OpenAsync(IPEndPoint endpoint, CancellationToken ct)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, ct);
                return new Connection(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Sends <paramref name="request"/>, reads the whole response; its status, whether the connection can carry
        /// another, and its body when <paramref name="readBody"/>.
        /// </summary>
        public async Task<(int Status, bool Reusable, string? Body)> ExchangeAsync(byte[] request, bool readBody, CancellationToken ct)
        {
            var body = readBody ? new MemoryStream() : null;
            for (var sent = 0; sent < request.Length;)
                sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, ct);

            var statusLine = (await ReadLineAsync(ct)).Split(' ', 3);
            if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal) ||
                !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                throw new InvalidDataException("Not an HTTP/1.x response.");
            long? length = null;
            var chunked = false;
            var close = false;
            for (var line = await ReadLineAsync(ct); line.Length > 0; line = await ReadLineAsync(ct))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                    continue;
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    length = long.Parse(value, CultureInfo.InvariantCulture);
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                    close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }

            if (chunked)
            {
                while (true)
                {
                    var sizeLine = await ReadLineAsync(ct);
                    var size = long.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    if (size == 0)
                        break;
                    await SkipAsync(size, body, ct);
                    await ReadLineAsync(ct); // the chunk's CRLF
                }
                while ((await ReadLineAsync(ct)).Length > 0) // trailers, then the empty line
                {
                }
            }
            else if (length is { } bytes)
                await SkipAsync(bytes, body, ct);
            else
                return (status, false, null); // a body that ends when the connection does: not read, not reused
            return (status, !close, body is null ? null : Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
        }

        private async Task<string> ReadLineAsync(CancellationToken ct)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var end = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                    var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
                    _start = newline + 1;
                    return line;
                }
                if (_start == 0 && _end == _buffer.Length)
                    throw new InvalidDataException("A response line longer than the buffer.");
                await FillAsync(ct);
            }
        }

        /// <summary>Reads past <paramref name="bytes"/> bytes of body, copying them to <paramref name="into"/> when there is one.</summary>
        private async Task SkipAsync(long bytes, MemoryStream? into, CancellationToken ct)
        {
            while (bytes > 0)
            {
                if (_start == _end)
                    await FillAsync(ct);
                var taken = (int)Math.Min(bytes, _end - _start);
                into?.Write(_buffer, _start, taken);
                _start += taken;
                bytes -= taken;
            }
        }

        /// <summary>Moves what is unread to the front and receives more after it.</summary>
        private async Task FillAsync(CancellationToken ct)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
            if (received == 0)
                throw new EndOfStreamException("The server closed the connection.");
            _end += received;
        }

        public void Dispose() => socket.Dispose();
    }
}
