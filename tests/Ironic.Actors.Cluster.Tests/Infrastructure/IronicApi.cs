using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>One answer: status 0 means no answer (connection refused, reset, or the client's time-out).</summary>
public sealed record ApiResponse(int Status, JsonNode? Json, string Body, TimeSpan Elapsed)
{
    public bool Answered => Status != 0;

    public override string ToString() => $"{Status} after {Elapsed.TotalMilliseconds:0} ms: {(Body.Length > 300 ? Body[..300] + "..." : Body)}";
}

/// <summary>A node's provisioning, as <c>GET /v1/nodes/{id}?fields=...</c> shows it.</summary>
public sealed record NodeState(string? ProvisionState, string? TargetProvisionState, string? LastError)
{
    /// <summary>
    /// No work in flight: no target state, or a failure state (Ironic keeps the target there: <c>deploy failed</c> shows
    /// target <c>active</c>), as <c>baremetal --wait</c> stops on either.
    /// </summary>
    public bool AtRest => TargetProvisionState is null || ProvisionState is "error" || ProvisionState?.EndsWith(" failed", StringComparison.Ordinal) == true;

    public override string ToString() =>
        $"{ProvisionState ?? "null"} (target {TargetProvisionState ?? "null"}){(LastError is null ? "" : $", last_error: {LastError}")}";
}

/// <summary>The Ironic v1 API of one gateway, as a client speaks it (microversion 1.78).</summary>
public sealed class IronicApi : IDisposable
{
    public const string Microversion = "1.78";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(40);
    private readonly HttpClient _http;

    public IronicApi(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("X-OpenStack-Ironic-API-Version", Microversion);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri BaseAddress { get; }

    /// <summary>Sends one request; a time-out or a refused connection is an answer with status 0, not an exception.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, cts.Token);
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            JsonNode? json = null;
            try
            {
                json = text.Length > 0 ? JsonNode.Parse(text) : null;
            }
            catch (JsonException)
            {
            }
            return new ApiResponse((int)response.StatusCode, json, text, clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return new ApiResponse(0, null, $"{e.GetType().Name}: {e.Message}", clock.Elapsed);
        }
    }

    public Task<ApiResponse> GetAsync(string path, TimeSpan? timeout = null) => SendAsync(HttpMethod.Get, path, null, timeout);

    /// <summary>Enrolls a fake-hardware node and returns its UUID.</summary>
    public async Task<string> CreateNodeAsync(string name)
    {
        var response = await SendAsync(HttpMethod.Post, "v1/nodes", new { driver = "fake-hardware", name });
        if (response.Status != 201)
            throw new InvalidOperationException($"POST /v1/nodes ({name}): {response}");
        return response.Json!["uuid"]!.GetValue<string>();
    }

    /// <summary><c>PUT /v1/nodes/{id}/states/provision</c>; the answer (202 when accepted).</summary>
    public Task<ApiResponse> RequestProvisionAsync(string id, string target) =>
        SendAsync(HttpMethod.Put, $"v1/nodes/{id}/states/provision", new { target });

    /// <summary>The node's provisioning fields, or null when the gateway did not answer 200 in time.</summary>
    public async Task<(NodeState? State, ApiResponse Response)> GetStateAsync(string id, TimeSpan? timeout = null)
    {
        var response = await GetAsync($"v1/nodes/{id}?fields=provision_state,target_provision_state,last_error", timeout);
        if (response.Status != 200 || response.Json is null)
            return (null, response);
        var json = response.Json;
        return (new NodeState(
            json["provision_state"]?.GetValue<string>(),
            json["target_provision_state"]?.GetValue<string>(),
            json["last_error"]?.GetValue<string>()), response);
    }

    /// <summary>Every node in one page of <c>GET /v1/nodes?limit=1000</c> (with <paramref name="query"/> added); fails on anything but 200.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListNodesAsync(string query = "", TimeSpan? timeout = null)
    {
        var response = await GetAsync($"v1/nodes?limit=1000{(query.Length > 0 ? "&" + query : "")}", timeout);
        if (response.Status != 200)
            throw new InvalidOperationException($"GET /v1/nodes?{query}: {response}");
        return response.Json!["nodes"]!.AsArray().Select(n => n!.AsObject()).ToList();
    }

    /// <summary>The gateway's <c>/v1/conductors</c> as hostname → alive; null when it did not answer 200.</summary>
    public async Task<IReadOnlyDictionary<string, bool>?> ConductorsAsync(TimeSpan? timeout = null)
    {
        var response = await GetAsync("v1/conductors", timeout ?? TimeSpan.FromSeconds(10));
        if (response.Status != 200 || response.Json?["conductors"] is not JsonArray list)
            return null;
        return list.Where(c => c is not null).ToDictionary(
            c => c!["hostname"]!.GetValue<string>(), c => c!["alive"]?.GetValue<bool>() == true);
    }

    public void Dispose() => _http.Dispose();
}
