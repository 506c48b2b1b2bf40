using System.Net;
using System.Security.Cryptography;
using Ironic.Actors.AgentDouble;
using Ironic.Actors.TestKit;
using Ironic.Actors.TestKit.Redfish;

namespace Ironic.Actors.Bench.DirectDeployBench;

/// <summary>
/// One emulated server for the deploy benchmark: its own Redfish BMC (in process, its own port, as every real server
/// has its own BMC) and the agent double that runs, in process too, while the machine is on and boots the agent ISO
/// from its virtual CD. The agent answers at once (no write delay).
/// </summary>
internal sealed class Machine : IAsyncDisposable
{
    private readonly string _apiUrl;
    private readonly string _agentIso;
    private readonly string _workDir;
    private readonly object _gate = new();
    private Agent? _agent;
    private int _boots;

    public Machine(int number, string apiUrl, string agentIso, string workRoot)
    {
        Number = number;
        _apiUrl = apiUrl;
        _agentIso = agentIso;
        _workDir = Path.Combine(workRoot, $"machine-{number}");
        Bmc = new RedfishBmcEmulator();
        Mac = EmulatedHardware.MacOf(number, 0);
        Bmc.Hardware().Nics = [new(Mac)];
        Bmc.PowerChanged = OnPowerChanged;
    }

    public int Number { get; }
    public RedfishBmcEmulator Bmc { get; }
    public string Mac { get; }
    public int Boots => Volatile.Read(ref _boots);

    private void OnPowerChanged(string state)
    {
        Agent? old;
        Agent? started = null;
        lock (_gate)
        {
            old = _agent;
            _agent = null;
            if (state == "On" && Bmc.CdInserted && Bmc.CdImage == _agentIso && Bmc.BootTarget == "Cd")
            {
                var dir = Path.Combine(_workDir, $"boot-{Interlocked.Increment(ref _boots)}");
                Directory.CreateDirectory(dir);
                started = _agent = new Agent(new AgentSettings(new Uri(_apiUrl), [Mac], dir, 0, new Uri(Bmc.Address), Bmc.Username,
                    Bmc.Password, "/redfish/v1/Systems/1", "1.68", TimeSpan.FromSeconds(300), TimeSpan.Zero));
            }
        }
        if (old is not null)
            _ = StopAsync(old);
        if (started is not null)
            _ = Task.Run(started.RunAsync);
    }

    private static async Task StopAsync(Agent agent)
    {
        agent.Stop();
        await Task.Yield();
        await agent.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Agent? agent;
        lock (_gate)
        {
            agent = _agent;
            _agent = null;
        }
        if (agent is not null)
            await StopAsync(agent);
        await Bmc.DisposeAsync();
    }
}

/// <summary>A tiny HTTP server for the image and the agent ISO (what the operator's web server would be).</summary>
internal sealed class FileServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public FileServer()
    {
        Port = FreePort.NextTcp();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Adds a file; returns its URL and SHA-256 (hex).</summary>
    public (string Url, string Sha256) Add(string name, byte[] content)
    {
        lock (_files)
            _files[name] = content;
        return ($"http://127.0.0.1:{Port}/{name}", Convert.ToHexStringLower(SHA256.HashData(content)));
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
            _ = Task.Run(async () =>
            {
                byte[]? content;
                lock (_files)
                    content = _files.GetValueOrDefault(context.Request.Url!.AbsolutePath.TrimStart('/'));
                try
                {
                    context.Response.StatusCode = content is null ? 404 : 200;
                    if (content is not null)
                    {
                        context.Response.ContentLength64 = content.Length;
                        await context.Response.OutputStream.WriteAsync(content);
                    }
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
                {
                    // the client went away
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _listener.Close();
    }
}
