using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Ironic.Actors.Drivers.Tests.Ipmi;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// The network boot firmware of one emulated machine whose BMC is <see cref="IpmiSimulator"/>: whenever the machine
/// powers on with boot device PXE, it does what iPXE does with the DHCP answer Ironic's operator configures: fetches
/// <c>boot.ipxe</c>, then the per-MAC file it chains (<c>pxelinux.cfg/aa-bb-...</c>) and the kernel and initrd the
/// script names, all over HTTP, and "boots" the agent ramdisk: the agent double process, with the machine's MAC and the
/// <c>ipa-api-url</c> of the kernel command line. When the machine powers off, the process is gone. It watches the
/// simulator's state files (the machine's power and boot device), as real firmware only sees its own power.
/// </summary>
public sealed partial class PxeFirmware : IAsyncDisposable
{
    private readonly IpmiSimulator _bmc;
    private readonly string _httpUrl;
    private readonly string _mac;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<string> _events = [];
    private readonly List<string> _workDirs = [];
    private readonly Task _loop;
    private Process? _agent;

    public PxeFirmware(IpmiSimulator bmc, string httpUrl, string mac)
    {
        _bmc = bmc;
        _httpUrl = httpUrl.TrimEnd('/');
        _mac = mac;
        Root = Path.Combine(Path.GetTempPath(), "ironic-pxe-firmware", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        _loop = Task.Run(WatchAsync);
    }

    public string Root { get; }

    /// <summary>The script the per-MAC file served at the last network boot.</summary>
    public string? LastScript { get; private set; }

    /// <summary>The kernel command line of the last network boot.</summary>
    public string? LastKernelArgs { get; private set; }

    /// <summary>The bytes of the kernel and initrd fetched at the last network boot.</summary>
    public (byte[] Kernel, byte[] Initrd)? LastImages { get; private set; }

    /// <summary>What happened, in order: "pxe boot", "no config for ...", "disk boot", "off".</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
                return _events.ToList();
        }
    }

    /// <summary>How many times the agent ramdisk booted.</summary>
    public int AgentBoots => Events.Count(e => e == "pxe boot");

    /// <summary>Every boot's agent.log, concatenated.</summary>
    public string AgentLog
    {
        get
        {
            lock (_events)
                return string.Join(Environment.NewLine, _workDirs.Select(d => Path.Combine(d, "agent.log")).Where(File.Exists).Select(File.ReadAllText));
        }
    }

    private void Record(string text)
    {
        lock (_events)
            _events.Add(text);
    }

    private async Task WatchAsync()
    {
        var wasOn = false;
        while (!_stop.IsCancellationRequested)
        {
            var on = _bmc.PowerOn;
            if (on && !wasOn)
            {
                try
                {
                    await PowerOnAsync();
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
                {
                    Record("boot failed: " + e.Message);
                }
            }
            else if (!on && wasOn)
            {
                Record("off");
                AgentDoubleProcess.Kill(_agent);
                _agent = null;
            }
            wasOn = on;
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PowerOnAsync()
    {
        if (_bmc.BootDevice != "pxe")
        {
            Record("disk boot");
            return;
        }
        // iPXE got boot.ipxe from DHCP; it chains the file of its MAC.
        var chain = await _http.GetStringAsync($"{_httpUrl}/boot.ipxe");
        var hexhyp = _mac.Replace(':', '-');
        var macUrl = ChainPattern().Match(chain) is { Success: true } m
            ? m.Groups["prefix"].Value + hexhyp
            : throw new InvalidOperationException("boot.ipxe chains no ${mac:hexhyp} file: " + chain);
        using var response = await _http.GetAsync(macUrl);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Record("no config for " + hexhyp);
            return;
        }
        var script = await response.Content.ReadAsStringAsync();
        LastScript = script;
        var kernel = KernelPattern().Match(script);
        var initrd = InitrdPattern().Match(script);
        if (!kernel.Success || !initrd.Success)
            throw new InvalidOperationException("The script boots no kernel and initrd: " + script);
        LastImages = (await _http.GetByteArrayAsync(kernel.Groups["url"].Value), await _http.GetByteArrayAsync(initrd.Groups["url"].Value));
        var args = kernel.Groups["args"].Value.Replace("${mac}", _mac);
        LastKernelArgs = args;
        var api = ApiPattern().Match(args) is { Success: true } a
            ? a.Groups["url"].Value
            : throw new InvalidOperationException("No ipa-api-url on the kernel command line: " + args);

        var workDir = Path.Combine(Root, $"boot-{AgentBoots + 1}");
        Directory.CreateDirectory(workDir);
        lock (_events)
            _workDirs.Add(workDir);
        Record("pxe boot");
        AgentDoubleProcess.Kill(_agent);
        _agent = AgentDoubleProcess.Start(["--api", api, "--macs", _mac, "--workdir", workDir]);
    }

    [GeneratedRegex(@"chain (?<prefix>\S+/)\$\{mac:hexhyp\}")]
    private static partial Regex ChainPattern();

    [GeneratedRegex(@"^kernel (?<url>\S+) (?<args>.*?)(?: \|\| goto \w+)?$", RegexOptions.Multiline)]
    private static partial Regex KernelPattern();

    [GeneratedRegex(@"^initrd (?<url>\S+)", RegexOptions.Multiline)]
    private static partial Regex InitrdPattern();

    [GeneratedRegex(@"(?:^| )ipa-api-url=(?<url>\S+)")]
    private static partial Regex ApiPattern();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        AgentDoubleProcess.Kill(_agent);
        _http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
