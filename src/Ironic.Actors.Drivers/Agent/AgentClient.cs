using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Text.Json.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Agent;

/// <summary>
/// The conductor's side of the agent's REST API (Ironic's <c>AgentClient</c>): <c>POST {agent_url}/v1/commands/</c>
/// with the token as the <c>agent_token</c> query parameter and <c>wait=true|false</c>, and <c>GET .../v1/commands/</c>
/// for what ran. Connection failures are tried again up to <see cref="AgentOptions.MaxCommandAttempts"/>; the agent's
/// 409 ("busy") becomes <see cref="AgentBusyException"/>; its other errors (<c>{faultcode, faultstring}</c>) and failed
/// synchronous commands become <see cref="DriverException"/>s carrying its message. An https agent is checked as its
/// <see cref="AgentEndpoint.Tls"/> says: the system's authorities (the shared client), nothing (a client of its own), or
/// only the CAs of one file (a client per file and content, so a new agent's CA at the same path is read again).
/// </summary>
public sealed class AgentClient : IDisposable
{
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Lazy<HttpClient> _insecure;
    private readonly ConcurrentDictionary<string, HttpClient> _byCa = new(StringComparer.Ordinal);
    private const int MaxCaClients = 256;

    public AgentClient(AgentOptions options, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = TimeSpan.FromSeconds(Math.Max(1, options.CommandTimeout)),
        };
        _insecure = new Lazy<HttpClient>(() => NewClient(AgentTls.TrustAll));
    }

    private HttpClient NewClient(RemoteCertificateValidationCallback validate) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate },
    })
    {
        Timeout = TimeSpan.FromSeconds(Math.Max(1, _options.CommandTimeout)),
    };

    /// <summary>The client that checks <paramref name="endpoint"/>'s certificate as its settings say.</summary>
    private async Task<HttpClient> ClientForAsync(AgentEndpoint endpoint, CancellationToken ct)
    {
        if (endpoint.Url.Scheme != Uri.UriSchemeHttps || endpoint.Tls is { Verify: true, CaFile: null })
            return _http;
        if (!endpoint.Tls.Verify)
            return _insecure.Value;
        var path = endpoint.Tls.CaFile!;
        var content = Directory.Exists(path)
            ? string.Join("\n", Directory.GetFiles(path).Order(StringComparer.Ordinal).Select(f => f + File.GetLastWriteTimeUtc(f).Ticks))
            : await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var key = path + "\n" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
        if (_byCa.TryGetValue(key, out var client))
            return client;
        if (_byCa.Count >= MaxCaClients)
            _byCa.Clear(); // old agents' clients: left to the collector, as requests may still be using them
        return _byCa.GetOrAdd(key, _ => NewClient(AgentTls.TrustOnly(endpoint.Tls.LoadAnchors())));
    }

    /// <summary>
    /// Runs <paramref name="name"/> ("extension.command") with <paramref name="parameters"/>. With <paramref name="wait"/>
    /// the agent answers when the command has ended, and a FAILED one throws; without, an asynchronous command comes
    /// back RUNNING (or already ended).
    /// </summary>
    public async Task<AgentCommandResult> ExecuteAsync(AgentEndpoint agent, string? token, string name, JsonObject parameters, bool wait,
        CancellationToken ct)
    {
        var query = $"wait={(wait ? "true" : "false")}" + (token is null ? "" : $"&agent_token={Uri.EscapeDataString(token)}");
        var agentUrl = agent.Url;
        var http = await ClientForAsync(agent, ct).ConfigureAwait(false);
        var uri = new Uri(CommandsUri(agentUrl), "?" + query);
        var body = new JsonObject { ["name"] = name, ["params"] = parameters.DeepClone() };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(uri, body, ct).ConfigureAwait(false);
                var json = await ReadJsonAsync(response, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Conflict)
                    throw new AgentBusyException(Fault(json) ?? "Agent is busy");
                if (!response.IsSuccessStatusCode)
                    throw new DriverException($"Agent returned error for command {name}: HTTP {(int)response.StatusCode}: " +
                                              (Fault(json) ?? json?.ToJsonString() ?? response.ReasonPhrase));
                var result = AgentCommandResult.Parse(json as JsonObject ?? throw new DriverException(
                    $"Agent returned an unexpected answer for command {name}: {json?.ToJsonString() ?? "(empty)"}"));
                if (wait && result.Status == AgentCommandResult.Failed)
                    throw new DriverException($"Agent returned error for command {name}: {result.ErrorMessage}");
                return result;
            }
            catch (Exception e) when (IsConnectionFailure(e, ct) && attempt < Math.Max(1, _options.MaxCommandAttempts))
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.CommandRetryInterval), _time, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, ct))
            {
                throw new AgentConnectionException($"Failed to connect to the agent running {Where(agent)} for invoking command {name}. " +
                                                   $"Error: {Describe(e)}", e);
            }
        }
    }

    /// <summary>Every command the agent ran since it started, oldest first.</summary>
    public async Task<IReadOnlyList<AgentCommandResult>> ListCommandsAsync(AgentEndpoint agent, CancellationToken ct)
    {
        var agentUrl = agent.Url;
        var http = await ClientForAsync(agent, ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(CommandsUri(agentUrl), ct).ConfigureAwait(false);
                var json = await ReadJsonAsync(response, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new DriverException($"Agent returned error for the command status: HTTP {(int)response.StatusCode}: " +
                                              (Fault(json) ?? response.ReasonPhrase));
                return (json?["commands"] as JsonArray ?? [])
                    .OfType<JsonObject>().Select(AgentCommandResult.Parse).ToList();
            }
            catch (Exception e) when (IsConnectionFailure(e, ct) && attempt < Math.Max(1, _options.MaxCommandAttempts))
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.CommandRetryInterval), _time, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, ct))
            {
                throw new AgentConnectionException($"Failed to connect to the agent running {Where(agent)} to collect commands status. " +
                                                   $"Error: {Describe(e)}", e);
            }
        }
    }

    /// <summary>
    /// Polls the command list until the last <paramref name="commandName"/> has ended, backing off from a fraction of a
    /// second to <see cref="AgentOptions.CommandWaitInterval"/>, at most <see cref="AgentOptions.CommandWaitAttempts"/>
    /// times (Ironic's polling of commands it must wait for within one step).
    /// </summary>
    public async Task<AgentCommandResult> WaitForCommandAsync(AgentEndpoint agent, string commandName, CancellationToken ct)
    {
        var agentUrl = agent.Url;
        var delay = TimeSpan.FromMilliseconds(200);
        var longest = TimeSpan.FromSeconds(Math.Max(0.2, _options.CommandWaitInterval));
        for (var attempt = 1; ; attempt++)
        {
            var last = (await ListCommandsAsync(agent, ct).ConfigureAwait(false)).LastOrDefault(c => c.Name == commandName);
            if (last is { IsRunning: false })
                return last;
            if (attempt >= Math.Max(1, _options.CommandWaitAttempts))
                throw new DriverException(last is null
                    ? $"The agent at {agentUrl} never ran command {commandName}."
                    : $"Timed out waiting for command {commandName} of the agent at {agentUrl} to end.");
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, longest.Ticks));
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_insecure.IsValueCreated)
            _insecure.Value.Dispose();
        foreach (var client in _byCa.Values)
            client.Dispose();
    }

    /// <summary>"on node &lt;uuid&gt;" as Ironic says it, "at &lt;url&gt;" when the node is not known.</summary>
    private static string Where(AgentEndpoint agent) => agent.Node is { } node ? $"on node {node}" : $"at {agent.Url}";

    /// <summary>The failure and its causes in one line ("The SSL connection could not be established: certificate verify failed: …").</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var text = x.Message.Replace(", see inner exception.", "", StringComparison.Ordinal).TrimEnd('.');
            if (text.Length > 0 && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
                parts.Add(text);
        }
        return string.Join(": ", parts);
    }

    private static Uri CommandsUri(Uri agentUrl)
    {
        var text = agentUrl.ToString().TrimEnd('/');
        return new Uri(text + "/v1/commands/");
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static string? Fault(JsonNode? json) =>
        json is JsonObject o ? o["faultstring"]?.ToString() ?? o["message"]?.ToString() : null;

    /// <summary>Could not reach the agent (refused, reset, timed out), as opposed to the caller cancelling.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested);
}

/// <summary>Where an agent listens (its <c>callback_url</c>) and how its certificate is checked when it is https.</summary>
public sealed record AgentEndpoint(Uri Url, AgentTls Tls)
{
    /// <summary>The node whose agent this is, named in connection errors.</summary>
    public Guid? Node { get; init; }

    /// <summary>A plain URL: https is checked against the system's authorities.</summary>
    public static implicit operator AgentEndpoint(Uri url) => new(url, AgentTls.System);
}

/// <summary>The agent could not be reached (Ironic's <c>AgentConnectionFailed</c>: "Connection to agent failed: …").</summary>
public sealed class AgentConnectionException(string reason, Exception inner)
    : DriverException("Connection to agent failed: " + reason, inner);
