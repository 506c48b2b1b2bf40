using System.Net;
using System.Text;

namespace Ironic.Actors.Bench.Scale;

/// <summary>A request that did not answer 2xx (or not the status asked for): counted as a failure by the phases.</summary>
internal sealed class RequestFailedException(string message) : Exception(message);

/// <summary>
/// The benchmark's HTTP client: every request carries the microversion header and goes to
/// <see cref="BaseAddress"/>, which moves when the server is restarted on another port.
/// </summary>
internal sealed class ScaleHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _version;

    public ScaleHttp(Uri baseAddress, int concurrency, string version)
    {
        BaseAddress = baseAddress;
        _version = version;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // The phases' requests plus the list loop that runs beside a create wave.
            MaxConnectionsPerServer = concurrency + 4,
            UseProxy = !baseAddress.IsLoopback,
            // As python-requests (the baremetal CLI, openstacksdk) and Go's client (metal3) do: gzip and deflate accepted.
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        })
        {
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    /// <summary>Where the API answers; relative paths and the path of <c>next</c> links are taken from here.</summary>
    public Uri BaseAddress { get; set; }

    /// <summary>
    /// Sends a request and returns the body; throws <see cref="RequestFailedException"/> unless the status is
    /// <paramref name="expected"/> (any 2xx when null). <paramref name="path"/> may also be an absolute link.
    /// </summary>
    public async Task<string> SendAsync(HttpMethod method, string path, string? json, HttpStatusCode? expected, CancellationToken ct) =>
        Encoding.UTF8.GetString(await SendForBytesAsync(method, path, json, expected, ct));

    /// <summary>As <see cref="SendAsync"/>, the body as the UTF-8 bytes received (a page of 1,000 nodes is not decoded into a string).</summary>
    public async Task<byte[]> SendForBytesAsync(HttpMethod method, string path, string? json, HttpStatusCode? expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Resolve(path));
        request.Headers.Add("X-OpenStack-Ironic-API-Version", _version);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var ok = expected is { } status ? response.StatusCode == status : response.IsSuccessStatusCode;
        if (!ok)
            throw new RequestFailedException($"{method} {path}: {(int)response.StatusCode} {Shorten(Encoding.UTF8.GetString(body))}");
        return body;
    }

    public Task<string> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct);

    /// <summary>A list page's GET: its body as bytes, for <see cref="PageScan"/>.</summary>
    public Task<byte[]> GetPageAsync(string path, CancellationToken ct) => SendForBytesAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct);

    /// <summary>
    /// A GET for readiness checks: the status and body, or null when nothing answered (refused, reset, timed out
    /// after <paramref name="timeout"/>). Never throws for the server's sake; only <paramref name="ct"/> cancels.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)?> TryGetAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(path));
            request.Headers.Add("X-OpenStack-Ironic-API-Version", _version);
            using var response = await _http.SendAsync(request, limit.Token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(limit.Token));
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// A relative path against <see cref="BaseAddress"/>; an absolute link (Ironic's <c>next</c>) keeps only its
    /// path and query, since the host it names may be how the server sees itself rather than how we reach it.
    /// </summary>
    private Uri Resolve(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? new Uri(BaseAddress, absolute.PathAndQuery)
            : new Uri(BaseAddress, path.TrimStart('/'));

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "..." : body;
}
