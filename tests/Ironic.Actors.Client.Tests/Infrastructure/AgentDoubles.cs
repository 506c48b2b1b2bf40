using System.Collections.Concurrent;
using System.Diagnostics;
using Ironic.Actors.TestKit.Redfish;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// The agent ramdisk of one emulated machine: when the BMC powers the machine on while its virtual CD holds
/// <paramref name="deployIso"/> and it boots from CD, the agent double starts as its own process (with the machine's
/// MACs, the API's URL and the BMC to power off through); when the machine powers off, the process is gone. Every
/// process's <c>agent.log</c> is kept in its own work directory.
/// </summary>
public sealed class AgentDoubles : IAsyncDisposable
{
    private readonly RedfishBmcEmulator _bmc;
    private readonly string _apiUrl;
    private readonly string _deployIso;
    private readonly string[] _macs;
    private readonly ConcurrentQueue<string> _workDirs = new();
    private readonly object _gate = new();
    private Process? _current;

    public AgentDoubles(RedfishBmcEmulator bmc, string apiUrl, string deployIso, params string[] macs)
    {
        _bmc = bmc;
        _apiUrl = apiUrl;
        _deployIso = deployIso;
        _macs = macs;
        Root = Path.Combine(Path.GetTempPath(), "ironic-agent-doubles", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        bmc.PowerChanged = OnPowerChanged;
    }

    public string Root { get; }

    /// <summary>More arguments for every boot's agent double (e.g. <c>--tls true</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>How many times the ramdisk booted.</summary>
    public int Boots => _workDirs.Count;

    /// <summary>The work directories of the boots so far, oldest first.</summary>
    public IReadOnlyList<string> WorkDirs => _workDirs.ToList();

    /// <summary>Every boot's agent.log, concatenated.</summary>
    public string Log => string.Join(Environment.NewLine, _workDirs.Select(d => Path.Combine(d, "agent.log"))
        .Where(File.Exists).Select(File.ReadAllText));

    private void OnPowerChanged(string state)
    {
        if (state == "On" && _bmc.CdInserted && _bmc.CdImage == _deployIso && _bmc.BootTarget == "Cd")
            Boot();
        else
            Kill();
    }

    private void Boot()
    {
        lock (_gate)
        {
            KillLocked();
            var workDir = Path.Combine(Root, $"boot-{_workDirs.Count + 1}");
            Directory.CreateDirectory(workDir);
            _workDirs.Enqueue(workDir);
            _current = AgentDoubleProcess.Start(
            [
                "--api", _apiUrl, "--macs", string.Join(",", _macs), "--workdir", workDir,
                "--bmc", _bmc.Address, "--bmc-user", _bmc.Username, "--bmc-password", _bmc.Password,
                .. Arguments,
            ]);
        }
    }

    private void Kill()
    {
        lock (_gate)
            KillLocked();
    }

    private void KillLocked()
    {
        AgentDoubleProcess.Kill(_current);
        _current = null;
    }

    public ValueTask DisposeAsync()
    {
        _bmc.PowerChanged = null;
        Kill();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
