using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// A thin HTTP client for the Ironic v1 API that behaves like python-ironicclient: JSON in and out, and
/// <c>X-OpenStack-Ironic-API-Version: 1.78</c> on every request unless a call says otherwise
/// (pass <c>version: null</c> to send no version header at all).
/// </summary>
public sealed class IronicClient : IDisposable
{
    public const string DefaultVersion = "1.78";
    public const string VersionHeader = "X-OpenStack-Ironic-API-Version";
    public const string MinVersionHeader = "X-OpenStack-Ironic-API-Minimum-Version";
    public const string MaxVersionHeader = "X-OpenStack-Ironic-API-Maximum-Version";

    /// <summary>Bodies above this size are sent with <c>Expect: 100-continue</c>.</summary>
    private const int LargeBody = 64 * 1024;

    private readonly HttpClient _http;

    /// <param name="baseAddress">The server, e.g. http://127.0.0.1:PORT/.</param>
    /// <param name="timeout">Per-request time limit (default 30 s; the tests run the server with a 10 s internal ask timeout).</param>
    public IronicClient(Uri baseAddress, TimeSpan? timeout = null)
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<IronicResponse> GetAsync(string path, string? version = DefaultVersion) =>
        SendAsync(HttpMethod.Get, path, null, version);

    public Task<IronicResponse> DeleteAsync(string path, string? version = DefaultVersion) =>
        SendAsync(HttpMethod.Delete, path, null, version);

    /// <summary>POST; <paramref name="body"/> is sent verbatim when it is a string, else serialized to JSON.</summary>
    public Task<IronicResponse> PostAsync(string path, object? body, string? version = DefaultVersion) =>
        SendAsync(HttpMethod.Post, path, body, version);

    public Task<IronicResponse> PutAsync(string path, object? body, string? version = DefaultVersion) =>
        SendAsync(HttpMethod.Put, path, body, version);

    public Task<IronicResponse> PatchAsync(string path, object? body, string? version = DefaultVersion) =>
        SendAsync(HttpMethod.Patch, path, body, version);

    /// <summary>Sends a request. A string body goes out verbatim (so malformed JSON can be sent); anything else is serialized.</summary>
    public async Task<IronicResponse> SendAsync(
        HttpMethod method, string path, object? body, string? version = DefaultVersion, string contentType = "application/json")
    {
        // Absolute URLs (e.g. a "next" link) are used as they are; paths are resolved against the server.
        var uri = path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? new Uri(path, UriKind.Absolute)
            : new Uri(BaseAddress, path);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd("python-ironicclient");
        if (version is not null)
            request.Headers.TryAddWithoutValidation(VersionHeader, version);
        string? sent = null;
        if (body is not null)
        {
            sent = body as string ?? JsonSerializer.Serialize(body);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(sent));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content = content;
            // A server may answer a too-large body (413) and close before reading it; with 100-continue the
            // client waits for the go-ahead, so it reads that answer instead of failing on a broken pipe.
            if (sent.Length > LargeBody)
                request.Headers.ExpectContinue = true;
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new IronicResponse(method.Method, path, version, sent, response, text);
    }

    public void Dispose() => _http.Dispose();
}
