using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>A ComputerSystem resource as last read: its path and its JSON body.</summary>
public sealed record RedfishSystem(string Path, JsonObject Body);

/// <summary>
/// The HTTP side of the redfish interfaces (what sushy does for Ironic): finds the node's ComputerSystem,
/// reads it, and posts or patches it. One connection pool is shared by every node that verifies
/// certificates; nodes with <c>redfish_verify_ca=false</c> (or a CA path) get pools of their own kind, so
/// turning verification off for one node never weakens another. Unreachable BMCs are retried
/// <see cref="RedfishOptions.ConnectionAttempts"/> times; every failure becomes a <see cref="DriverException"/>.
/// </summary>
public sealed class RedfishClient : IDisposable
{
    private readonly RedfishOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _verifying;
    private readonly Lazy<HttpClient> _insecure;
    private readonly ConcurrentDictionary<string, HttpClient> _customCa = new(StringComparer.Ordinal);

    public RedfishClient(RedfishOptions options, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _verifying = NewClient(null);
        _insecure = new Lazy<HttpClient>(() => NewClient(static (_, _, _, _) => true));
    }

    public RedfishOptions Options => _options;

    /// <summary>Finds and reads the node's system: redfish_system_id when set, else the only member of Systems.</summary>
    public async Task<RedfishSystem> GetSystemAsync(RedfishDriverInfo info, CancellationToken ct)
    {
        var path = info.SystemId ?? await FindOnlySystemAsync(info, ct).ConfigureAwait(false);
        var body = await SendAsync(info, HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return new RedfishSystem(path, body ?? throw Error(HttpMethod.Get, path, "the BMC answered with an empty body"));
    }

    /// <summary>Sends one request and returns the JSON body (null when there is none, e.g. 204).</summary>
    public async Task<JsonObject?> SendAsync(RedfishDriverInfo info, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        var url = new Uri(info.BaseAddress, path);
        var client = ClientFor(info);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Add("OData-Version", "4.0");
            if (info.Username is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{info.Username}:{info.Password}")));
            if (body is not null)
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeout));
            string failure;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw Error(method, url.AbsoluteUri,
                        $"returned code {(int)response.StatusCode} ({response.ReasonPhrase}). {RedfishErrorText(text)}".TrimEnd(),
                        response.StatusCode);
                return Parse(text);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"no answer within {_options.RequestTimeout:0.#} seconds";
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                failure = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            }

            // Like sushy's ConnectionError: retried, then reported as Ironic's RedfishConnectionError.
            if (attempt >= _options.ConnectionAttempts)
                throw new DriverException(
                    $"Redfish connection failed for node {info.NodeUuid}: HTTP {method} {url.AbsoluteUri} failed: {failure} " +
                    $"(after {attempt} attempt(s)).");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.ConnectionRetryInterval), _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e)
            {
                // The caller's budget ran out between tries: say why the BMC could not be reached.
                throw new DriverException(
                    $"Redfish connection failed for node {info.NodeUuid}: HTTP {method} {url.AbsoluteUri} failed: {failure} " +
                    $"(after {attempt} attempt(s); the operation was then cancelled).", e);
            }
        }
    }

    /// <summary>The text of a Redfish error body: "code: message" plus the extended messages; empty when there is none.</summary>
    public static string RedfishErrorText(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject { } root || root["error"] is not JsonObject error)
                return "";
            var parts = new List<string>();
            var code = error["code"]?.GetValue<string>();
            var message = error["message"]?.GetValue<string>();
            parts.Add(code is not null && message is not null ? $"{code}: {message}" : code ?? message ?? "");
            if (error["@Message.ExtendedInfo"] is JsonArray extended)
                parts.AddRange(extended.OfType<JsonObject>().Select(m => m["Message"]?.GetValue<string>()).OfType<string>());
            return string.Join(" ", parts.Where(p => p.Length > 0).Distinct());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        _verifying.Dispose();
        if (_insecure.IsValueCreated)
            _insecure.Value.Dispose();
        foreach (var client in _customCa.Values)
            client.Dispose();
    }

    private async Task<string> FindOnlySystemAsync(RedfishDriverInfo info, CancellationToken ct)
    {
        var root = await SendAsync(info, HttpMethod.Get, info.RootPath, null, ct).ConfigureAwait(false);
        var systemsPath = root?["Systems"]?["@odata.id"]?.GetValue<string>()
            ?? throw Error(HttpMethod.Get, info.RootPath, "the service root has no Systems collection");
        var systems = await SendAsync(info, HttpMethod.Get, systemsPath, null, ct).ConfigureAwait(false);
        var members = (systems?["Members"] as JsonArray ?? [])
            .Select(m => m?["@odata.id"]?.GetValue<string>()).OfType<string>().ToList();
        return members.Count switch
        {
            1 => members[0],
            0 => throw new DriverException($"Redfish exception occurred. Error: the BMC of node {info.NodeUuid} lists no system in {systemsPath}."),
            _ => throw DriverException.InvalidParameter(
                $"The BMC of node {info.NodeUuid} manages {members.Count} systems ({string.Join(", ", members)}); " +
                "set driver_info/redfish_system_id to the path of this node's system."),
        };
    }

    private static JsonObject? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static DriverException Error(HttpMethod method, string url, string what, HttpStatusCode? status = null)
    {
        var message = $"Redfish exception occurred. Error: HTTP {method} {url} {what}";
        // A 4xx from the BMC is still the conductor's failure towards the API client, except bad input.
        return status == HttpStatusCode.BadRequest ? DriverException.InvalidParameter(message) : new DriverException(message);
    }

    private HttpClient ClientFor(RedfishDriverInfo info)
    {
        if (!info.VerifyCa)
            return _insecure.Value;
        if (info.CaPath is { } caPath)
            return _customCa.GetOrAdd(caPath, path => NewClient(TrustOnly(LoadCertificates(path))));
        return _verifying;
    }

    private static HttpClient NewClient(RemoteCertificateValidationCallback? validate)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
        };
        if (validate is not null)
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate };
        // Time limits come from our own tokens, per request.
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        var files = Directory.Exists(path) ? Directory.GetFiles(path) : [path];
        foreach (var file in files)
        {
            try
            {
                certificates.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                // Not a certificate file: skipped, like a CA directory's other files.
            }
        }
        return certificates;
    }

    private static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection roots) => (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    };
}
