using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Ipmi;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Ipmi;

/// <summary>
/// A real BMC for tests: OpenIPMI's <c>ipmi_sim</c> on 127.0.0.1 at a free UDP port, with a small
/// <c>chassis_control</c> shell script that keeps the power and boot device in files of a temporary folder
/// (reference/ipmi-sim.md). Tests read and change those files to see what the driver did.
/// </summary>
public sealed class IpmiSimulator : IAsyncDisposable
{
    public const string Username = "admin";
    public const string Password = "password";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private IpmiSimulator(string directory, int port, Process process, StringBuilder log)
    {
        Directory = directory;
        Port = port;
        _process = process;
        _log = log;
    }

    public string Directory { get; }
    public int Port { get; }

    /// <summary>Calls the chassis_control script received, e.g. "set power 1", oldest first.</summary>
    public IReadOnlyList<string> ControlCalls =>
        File.Exists(StatePath("calls")) ? File.ReadAllLines(StatePath("calls")) : [];

    /// <summary>The simulated machine's power: "1" on, "0" off.</summary>
    public bool PowerOn
    {
        get => File.Exists(StatePath("power")) && File.ReadAllText(StatePath("power")).Trim() == "1";
        set => File.WriteAllText(StatePath("power"), value ? "1\n" : "0\n");
    }

    /// <summary>The boot device ipmi_sim last passed to chassis_control (pxe, default, cdrom, bios, ...).</summary>
    public string BootDevice => File.Exists(StatePath("boot")) ? File.ReadAllText(StatePath("boot")).Trim() : "default";

    /// <summary>When true the machine ignores graceful shutdown requests, like a hung OS.</summary>
    public bool IgnoreShutdown
    {
        get => File.Exists(StatePath("ignore_shutdown"));
        set
        {
            if (value)
                File.WriteAllText(StatePath("ignore_shutdown"), "");
            else
                File.Delete(StatePath("ignore_shutdown"));
        }
    }

    /// <summary>What ipmi_sim printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>True when both programs are installed (on PATH).</summary>
    public static bool ToolsInstalled(out string missing)
    {
        var absent = new[] { "ipmi_sim", "ipmitool" }.Where(p => FindOnPath(p) is null).ToList();
        missing = string.Join(", ", absent);
        return absent.Count == 0;
    }

    /// <summary>Starts ipmi_sim and waits (bounded) until <c>ipmitool power status</c> answers.</summary>
    public static async Task<IpmiSimulator> StartAsync(TimeSpan readyTimeout)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ipmi-sim-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "state"));
        var port = FreeUdpPort();
        WriteFiles(directory, port);

        var log = new StringBuilder();
        var startInfo = new ProcessStartInfo("ipmi_sim")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-n", "-c", Path.Combine(directory, "lan.conf"), "-f", Path.Combine(directory, "emu.cmd"), "-s", Path.Combine(directory, "state") })
            startInfo.ArgumentList.Add(arg);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var simulator = new IpmiSimulator(directory, port, process, log);
        var started = Stopwatch.StartNew();
        while (true)
        {
            var result = await ProcessRunner.RunAsync("ipmitool",
                ["-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
                 "-U", Username, "-P", Password, "-R", "1", "-N", "1", "power", "status"],
                TimeSpan.FromSeconds(3), CancellationToken.None);
            if (result.Succeeded)
                return simulator;
            if (process.HasExited || started.Elapsed > readyTimeout)
            {
                var output = simulator.Output;
                await simulator.DisposeAsync();
                throw new InvalidOperationException(
                    $"ipmi_sim did not answer on UDP 127.0.0.1:{port} within {readyTimeout.TotalSeconds} s " +
                    $"(exited: {process.HasExited}). ipmitool: {result.StandardError.Trim()} ipmi_sim: {output.Trim()}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A node whose driver_info points at this BMC (cipher suite 3: ipmi_sim never answers ipmitool's default 17).</summary>
    public Node Node(string? password = Password, int? port = null, Action<JsonObject>? edit = null)
    {
        var info = new JsonObject
        {
            ["ipmi_address"] = "127.0.0.1",
            ["ipmi_port"] = (port ?? Port).ToString(CultureInfo.InvariantCulture),
            ["ipmi_username"] = Username,
            ["ipmi_cipher_suite"] = 3,
        };
        if (password is not null)
            info["ipmi_password"] = password;
        edit?.Invoke(info);
        return new Node
        {
            Uuid = Guid.NewGuid(),
            Driver = "ipmi",
            DriverInfo = info,
            ProvisionState = ProvisionStates.Enroll,
            Interfaces = new NodeInterfaces("no-bios", "fake", "no-console", "fake", "no-inspect", "ipmitool", "noop", "ipmitool",
                "no-raid", "no-rescue", "noop", "no-vendor"),
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>Puts the machine back to power off, default boot device, no recorded calls.</summary>
    public void Reset()
    {
        PowerOn = false;
        File.WriteAllText(StatePath("boot"), "default\n");
        File.Delete(StatePath("calls"));
        IgnoreShutdown = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            TestContext.Progress.WriteLine($"ipmi_sim did not stop cleanly: {e.Message}");
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A UDP port nothing listens on right now (bound to port 0, then released).</summary>
    public static int FreeUdpPort()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
    }

    private string StatePath(string name) => Path.Combine(Directory, name);

    private static void WriteFiles(string directory, int port)
    {
        // ipmi_sim runs it as "SCRIPT DIR get PARM..." (print "parm:value" lines) and "SCRIPT DIR set PARM VALUE...".
        // A graceful shutdown request ("shutdown 1") powers the simulated machine off at once, unless the
        // file ignore_shutdown exists (an OS that ignores ACPI requests).
        var script = Path.Combine(directory, "chassis_control.sh");
        File.WriteAllText(script, """
            #!/bin/sh
            dir="$1"; shift
            case "$1" in get|set) ;; *) shift ;; esac
            op="$1"; shift
            echo "$op $*" >> "$dir/calls"
            if [ "$op" = get ]; then
              for p in "$@"; do
                case "$p" in boot) d=default ;; *) d=0 ;; esac
                v=$(cat "$dir/$p" 2>/dev/null || echo "$d")
                echo "$p:$v"
              done
            else
              while [ $# -gt 1 ]; do
                case "$1" in
                  shutdown) [ "$2" = 1 ] && [ ! -f "$dir/ignore_shutdown" ] && echo 0 > "$dir/power" ;;
                  *) echo "$2" > "$dir/$1" ;;
                esac
                shift 2
              done
            fi

            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        File.WriteAllText(Path.Combine(directory, "lan.conf"), $"""
            name "ironic-test"
            set_working_mc 0x20
            startlan 1
              addr 127.0.0.1 {port}
              priv_limit admin
              allowed_auths_callback none md2 md5 straight
              allowed_auths_user none md2 md5 straight
              allowed_auths_operator none md2 md5 straight
              allowed_auths_admin none md2 md5 straight
              guid a123456789abcdefa123456789abcdef
            endlan
            chassis_control "{script} {directory}"
            user 2 true "{Username}" "{Password}" admin 10 none md2 md5 straight

            """);
        File.WriteAllText(Path.Combine(directory, "emu.cmd"), """
            mc_setbmc 0x20
            mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
            sel_enable 0x20 1000 0x0a
            mc_enable 0x20

            """);
        File.WriteAllText(Path.Combine(directory, "power"), "0\n");
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
