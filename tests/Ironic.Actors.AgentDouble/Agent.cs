using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.TestKit;

namespace Ironic.Actors.AgentDouble;

/// <summary>
/// The ramdisk's life: listen for commands, look the node up (retrying while the node is not yet in a state that expects
/// an agent), then heartbeat every 0.3 to 0.6 of the <c>heartbeat_timeout</c> the lookup gave, and at once whenever an
/// asynchronous command ends, until <c>standby.power_off</c> ends it. Every step is written to <c>agent.log</c> in the
/// work directory, one line each, for the tests to read.
/// </summary>
public sealed class Agent : IAsyncDisposable
{
    private readonly AgentSettings _settings;
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Commands _commands;
    private readonly SemaphoreSlim _heartbeatNow = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _logLock = new();
    private string? _nodeUuid;
    private string? _token;
    private readonly TlsFront? _tls;

    public Agent(AgentSettings settings)
    {
        _settings = settings;
        Port = settings.Port != 0 ? settings.Port : FreePort.NextTcp();
        if (settings.Tls)
        {
            // https on Port (what the conductor is told), the commands' plain listener behind it on another loopback port.
            var backend = FreePort.NextTcp();
            _tls = new TlsFront(Port, backend);
            _listener.Prefixes.Add($"http://127.0.0.1:{backend}/");
        }
        else
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _commands = new Commands(this);
    }

    public int Port { get; }
    public string CallbackUrl => $"{(_tls is null ? "http" : "https")}://127.0.0.1:{Port}";
    public AgentSettings Settings => _settings;
    public HttpClient Http => _http;
    internal string? Token => _token;

    public async Task<int> RunAsync()
    {
        _listener.Start();
        _tls?.Start();
        if (_tls is not null)
            File.WriteAllText(Path.Combine(_settings.WorkDir, "agent-ca.pem"), _tls.CaPem);
        var serving = ServeAsync();
        Log($"listening {CallbackUrl}");
        var lookup = await LookupAsync();
        if (lookup is null)
        {
            Log("lookup failed: gave up");
            return 2;
        }
        var timeout = lookup["config"]?["heartbeat_timeout"]?.GetValue<int>() ?? 300;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await HeartbeatAsync();
                var pause = TimeSpan.FromSeconds(timeout * (0.3 + Random.Shared.NextDouble() * 0.3));
                await _heartbeatNow.WaitAsync(pause, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        Log("stopped");
        _listener.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    /// <summary>Asks for a heartbeat now (an asynchronous command ended).</summary>
    public void HeartbeatSoon() => _heartbeatNow.Release();

    /// <summary>Stops heartbeating: the machine is off.</summary>
    public void Stop() => _stop.Cancel();

    public void Log(string line)
    {
        lock (_logLock)
            File.AppendAllText(Path.Combine(_settings.WorkDir, "agent.log"), $"{DateTime.UtcNow:HH:mm:ss.fff} {line}{Environment.NewLine}");
    }

    private async Task<JsonObject?> LookupAsync()
    {
        var deadline = DateTime.UtcNow + _settings.LookupTimeout;
        var url = new Uri(_settings.Api, $"/v1/lookup?addresses={Uri.EscapeDataString(string.Join(",", _settings.Macs))}");
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("X-OpenStack-Ironic-API-Version", _settings.ApiVersion);
                using var response = await _http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(text) is JsonObject found)
                {
                    _nodeUuid = found["node"]?["uuid"]?.GetValue<string>();
                    var token = found["config"]?["agent_token"]?.GetValue<string>();
                    if (token is not null && token != "******")
                    {
                        _token = token;
                        File.WriteAllText(Path.Combine(_settings.WorkDir, "agent-token"), token); // for tests that act as this agent
                    }
                    Log($"lookup ok node={_nodeUuid} token={(token is null ? "none" : token == "******" ? "masked" : "issued")}");
                    return found;
                }
                Log($"lookup {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                Log($"lookup error {e.Message}");
            }
            catch (TaskCanceledException)
            {
                Log("lookup timed out");
            }
            await Task.Delay(500);
        }
        return null;
    }

    private async Task HeartbeatAsync()
    {
        var body = new JsonObject
        {
            ["callback_url"] = CallbackUrl,
            ["agent_version"] = "9.4.1.dev-double",
            ["agent_token"] = _token,
        };
        if (_settings.CaFile is not null)
            body["agent_verify_ca"] = File.ReadAllText(_settings.CaFile);
        else if (_tls is not null && _settings.SendCa)
            body["agent_verify_ca"] = _tls.CaPem;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_settings.Api, $"/v1/heartbeat/{_nodeUuid}"))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-OpenStack-Ironic-API-Version", _settings.ApiVersion);
            using var response = await _http.SendAsync(request, _stop.Token);
            var text = await response.Content.ReadAsStringAsync();
            Log($"heartbeat {(int)response.StatusCode}{(text.Length > 0 ? " " + text : "")}");
        }
        catch (HttpRequestException e)
        {
            Log($"heartbeat error {e.Message}");
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            Log("heartbeat timed out"); // the API did not answer in time (e.g. while a conductor is taken over): try again later
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => _commands.HandleAsync(context));
        }
    }

    /// <summary>The machine powers itself off: tell the BMC (a ForceOff reset), as the ramdisk's poweroff would.</summary>
    public async Task PowerOffMachineAsync()
    {
        if (_settings.Bmc is null)
        {
            Log("power off (no BMC to tell)");
            return;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(_settings.Bmc, _settings.BmcSystem.TrimEnd('/') + "/Actions/ComputerSystem.Reset"))
        {
            Content = new StringContent("""{"ResetType": "ForceOff"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_settings.BmcUser}:{_settings.BmcPassword}")));
        using var response = await _http.SendAsync(request);
        Log($"power off: BMC answered {(int)response.StatusCode}");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        // Close a listening listener alone, and leave a stopped one as it is: the managed HttpListener's Close after Stop
        // binds the port again to remove its prefixes, and fails when another process took the port in between.
        if (_listener.IsListening)
            _listener.Close();
        if (_tls is not null)
            await _tls.DisposeAsync();
        _http.Dispose();
        await Task.CompletedTask;
    }
}
