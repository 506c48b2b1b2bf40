using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Drivers.Tests.Ipmi;
using Ironic.Actors.TestKit;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// The <c>direct</c> deploy of an <c>ipmi</c> node booted by <c>ipxe</c>, end to end with the <c>baremetal</c> CLI, as
/// metal3 creates such nodes: ipmi_sim is the BMC, the server writes the node's boot files under an HTTP root that a
/// Kestrel static-file server serves (as an operator serves /httpboot), and <see cref="PxeFirmware"/> plays the
/// machine's iPXE firmware: at every power-on with boot device PXE it fetches boot.ipxe, the per-MAC script, the kernel
/// and the initrd over HTTP, and starts the agent double with the port's MAC and the script's ipa-api-url.
/// </summary>
[TestFixture]
public sealed class ClientPxeDeployTests : CliFixture
{
    private const int CallbackTimeoutSeconds = 30;
    private readonly int _httpPort = FreePort.NextTcp();
    private readonly string _bootRoot = Path.Combine(Path.GetTempPath(), "ironic-pxe-roots", Guid.NewGuid().ToString("N"));
    private ImageServer _httpBoot = null!; // the HTTP root, served as nginx serves /httpboot
    private ImageServer _images = null!;
    private (string Url, string Sha256, string Md5) _image;
    private string _kernelUrl = null!;
    private string _ramdiskUrl = null!;

    private string HttpRoot => Path.Combine(_bootRoot, "httpboot");
    private string TftpRoot => Path.Combine(_bootRoot, "tftpboot");
    private string HttpUrl => $"http://127.0.0.1:{_httpPort.ToString(CultureInfo.InvariantCulture)}";

    protected override IReadOnlyList<string> ServerArguments =>
    [
        "--Ironic:Hardware:EnabledHardwareTypes:0", "fake-hardware",
        "--Ironic:Hardware:EnabledHardwareTypes:1", "ipmi",
        "--Ironic:Hardware:EnabledInterfaces:power:0", "fake",
        "--Ironic:Hardware:EnabledInterfaces:power:1", "ipmitool",
        "--Ironic:Hardware:EnabledInterfaces:management:0", "fake",
        "--Ironic:Hardware:EnabledInterfaces:management:1", "ipmitool",
        "--Ironic:Hardware:Ipmi:MinCommandInterval", "0.1",
        "--Ironic:Hardware:Pxe:HttpRoot", HttpRoot,
        "--Ironic:Hardware:Pxe:HttpUrl", HttpUrl,
        "--Ironic:Hardware:Pxe:TftpRoot", TftpRoot,
        "--Ironic:Conductor:DeployCallbackTimeout", CallbackTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        "--Ironic:Conductor:CheckProvisionStateInterval", "1",
        "--Ironic:Gateway:RamdiskHeartbeatTimeout", "2",
        "--Ironic:Hardware:Agent:PostDeployGetPowerStateRetryInterval", "0.5",
    ];

    [OneTimeSetUp]
    public async Task StartServersAsync()
    {
        if (!IpmiSimulator.ToolsInstalled(out var missing))
            Assert.Fail($"{missing} not installed: these tests need a real BMC simulator (Debian packages openipmi and ipmitool; " +
                        "`bash test.sh` installs them when run as root). A machine without them must not pass these tests silently.");
        _httpBoot = await ImageServer.ServeAsync(HttpRoot, _httpPort, "text/plain");
        _images = await ImageServer.StartAsync();
        _image = _images.Add("disk.img", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("whole-disk image ", 3000))));
        _kernelUrl = _images.Add("ipa.kernel", Encoding.ASCII.GetBytes("the agent's kernel")).Url;
        _ramdiskUrl = _images.Add("ipa.initramfs", Encoding.ASCII.GetBytes("the agent's initramfs")).Url;
    }

    [OneTimeTearDown]
    public async Task StopServersAsync()
    {
        if (_images is not null)
            await _images.DisposeAsync();
        if (_httpBoot is not null)
            await _httpBoot.DisposeAsync();
        if (Directory.Exists(_bootRoot))
            Directory.Delete(_bootRoot, recursive: true);
    }

    private static string NewMac() => "52:54:00:" + string.Join(":", Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("x2")));

    private string[] IpmiDriverInfo(IpmiSimulator bmc) =>
    [
        "--driver-info", "ipmi_address=127.0.0.1", "--driver-info", $"ipmi_port={bmc.Port}",
        "--driver-info", $"ipmi_username={IpmiSimulator.Username}", "--driver-info", $"ipmi_password={IpmiSimulator.Password}",
        "--driver-info", "ipmi_cipher_suite=3",
        "--driver-info", $"deploy_kernel={_kernelUrl}", "--driver-info", $"deploy_ramdisk={_ramdiskUrl}",
    ];

    [Test]
    public async Task Ipmi_node_with_ipxe_deploys_direct_through_the_agent_booted_from_the_http_root()
    {
        // Each test has its own BMC, so that one test's power changes never reach another's machine.
        await using var bmc = await IpmiSimulator.StartAsync(TimeSpan.FromSeconds(15));
        var mac = NewMac();
        await using var firmware = new PxeFirmware(bmc, HttpUrl, mac);
        var name = UniqueName("cli-ipxe");
        var node = await Cli.ObjectAsync(["node", "create", "--driver", "ipmi", "--name", name, "--boot-interface", "ipxe", .. IpmiDriverInfo(bmc)]);
        Assert.That(Str(node, "deploy_interface"), Is.EqualTo("direct"), "direct is the ipmi default");
        var uuid = Str(node, "uuid");
        await Cli.OkAsync("port", "create", mac, "--node", uuid);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");

        // provide: automated cleaning boots the agent through iPXE; its files are gone when cleaning ends.
        await Cli.OkAsync("node", "provide", name);
        await ShowUntilAsync(name, "available", firmware);
        Assert.That(firmware.AgentBoots, Is.EqualTo(1), () => string.Join(", ", firmware.Events) + firmware.AgentLog);
        Assert.That(firmware.AgentLog, Does.Contain("cleaned erase_devices_metadata"));
        Assert.That(Directory.Exists(Path.Combine(HttpRoot, uuid)), Is.False, "clean_up_ramdisk removed the node's files");

        await Cli.OkAsync("node", "set", name, "--instance-info", $"image_source={_image.Url}", "--instance-info", "image_disk_format=raw",
            "--instance-info", "image_os_hash_algo=sha256", "--instance-info", $"image_os_hash_value={_image.Sha256}");
        var validated = await Cli.RowsAsync("node", "validate", name);
        Assert.That(validated.Where(r => Str(r, "Interface") is "boot" or "deploy" or "power" or "management")
            .Select(r => r["Result"]!.GetValue<bool>()), Is.All.True, () => string.Join(" ", validated.Select(r => r.ToJsonString())));

        await Cli.OkAsync("node", "deploy", name);
        await ShowUntilAsync(name, "active", firmware);

        var deployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "last_error");
        var script = firmware.LastScript ?? "";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(deployed, "provision_state"), Is.EqualTo("active"), () => deployed.ToJsonString() + string.Join(", ", firmware.Events) + firmware.AgentLog);
            Assert.That(Str(deployed, "power_state"), Is.EqualTo("power on"));
            Assert.That(firmware.AgentBoots, Is.EqualTo(2), "the deploy booted the agent from the network once more");
            Assert.That(script, Does.StartWith("#!ipxe\n").And.Contain($"{HttpUrl}/{uuid}/deploy_kernel"));
            Assert.That(firmware.LastKernelArgs, Does.Contain("nofb nomodeset vga=normal")
                .And.Contain($"ipa-api-url={Server.BaseUrl}").And.Contain($"BOOTIF={mac}"));
            Assert.That(firmware.LastImages?.Kernel, Is.EqualTo(Encoding.ASCII.GetBytes("the agent's kernel")), "the kernel was fetched into the HTTP root");
            Assert.That(firmware.LastImages?.Initrd, Is.EqualTo(Encoding.ASCII.GetBytes("the agent's initramfs")));
            Assert.That(firmware.AgentLog, Does.Contain("lookup ok").And.Contain($"image written {3000 * 17} bytes sha256={_image.Sha256} verified"));
            // prepare_instance for a disk image: the files are gone and the machine boots its disk.
            Assert.That(Directory.Exists(Path.Combine(HttpRoot, uuid)), Is.False);
            Assert.That(File.Exists(Path.Combine(HttpRoot, "pxelinux.cfg", mac.Replace(':', '-'))), Is.False);
            Assert.That(firmware.Events[^1], Is.EqualTo("disk boot"), () => string.Join(", ", firmware.Events));
            Assert.That(bmc.PowerOn, Is.True);
        }

        await Cli.OkAsync("node", "undeploy", name);
        await ShowUntilAsync(name, "available", firmware);

        var undeployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(undeployed, "provision_state"), Is.EqualTo("available"), () => undeployed.ToJsonString() + firmware.AgentLog);
            Assert.That(firmware.AgentBoots, Is.EqualTo(3), "cleaning after undeploy booted the agent through iPXE");
            Assert.That(Directory.Exists(Path.Combine(HttpRoot, uuid)), Is.False, "undeploy left no files of the node");
            Assert.That(File.Exists(Path.Combine(HttpRoot, "pxelinux.cfg", mac.Replace(':', '-'))), Is.False);
            Assert.That(File.Exists(Path.Combine(HttpRoot, "boot.ipxe")), Is.True, "boot.ipxe is shared by every node");
            Assert.That(firmware.Events.Count(e => e == "disk boot"), Is.EqualTo(1), () => string.Join(", ", firmware.Events));
            Assert.That(Directory.Exists(Path.Combine(TftpRoot, uuid)), Is.False, "iPXE writes nothing of the node under the TFTP root");
        }
    }

    [Test]
    public async Task Pxe_boot_writes_the_pxelinux_layout_under_the_tftp_root_and_an_ipxe_node_without_deploy_kernel_is_refused()
    {
        await using var bmc = await IpmiSimulator.StartAsync(TimeSpan.FromSeconds(15));
        var mac = NewMac();
        var name = UniqueName("cli-pxe");
        var node = await Cli.ObjectAsync(["node", "create", "--driver", "ipmi", "--name", name, "--boot-interface", "pxe", .. IpmiDriverInfo(bmc)]);
        var uuid = Str(node, "uuid");
        await Cli.OkAsync("port", "create", mac, "--node", uuid);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--instance-info", $"image_source={_image.Url}", "--instance-info", $"image_checksum={_image.Md5}");

        // No firmware: the deploy waits for an agent that never comes; the layout is what a PXE ROM would read.
        await Cli.OkAsync("node", "deploy", name);
        var link = Path.Combine(TftpRoot, "pxelinux.cfg", "01-" + mac.Replace(':', '-'));
        var layout = await WaitForFileAsync(link, TimeSpan.FromSeconds(60));
        await ShowUntilAsync(name, "wait call-back", null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo($"../{uuid}/config"));
            Assert.That(layout, Does.Contain("default deploy\n").And.Contain($"kernel {uuid}/deploy_kernel\n")
                .And.Contain($"append initrd={uuid}/deploy_ramdisk text nofb nomodeset vga=normal ipa-api-url={Server.BaseUrl}\n")
                .And.Contain("ipappend 2"));
            Assert.That(File.ReadAllText(Path.Combine(TftpRoot, uuid, "deploy_kernel")), Is.EqualTo("the agent's kernel"));
            Assert.That(bmc.BootDevice, Is.EqualTo("pxe"));
        }
        await Cli.OkAsync("node", "undeploy", name, "--wait", "120");
        Assert.That(Directory.Exists(Path.Combine(TftpRoot, uuid)), Is.False, "undeploy removed the node's files");
        Assert.That(File.Exists(link), Is.False);

        // Ironic's validation wording, in the validate output.
        var bare = UniqueName("cli-ipxe-bare");
        await Cli.OkAsync("node", "create", "--driver", "ipmi", "--name", bare, "--boot-interface", "ipxe",
            "--driver-info", "ipmi_address=127.0.0.1");
        var bareUuid = Str(await Cli.ObjectAsync("node", "show", bare, "--fields", "uuid"), "uuid");
        var noPort = (await Cli.RowsAsync("node", "validate", bare)).Single(r => Str(r, "Interface") == "boot");
        Assert.That(Str(noPort, "Reason"), Is.EqualTo($"Node {bareUuid} does not have any port associated with it"));
        await Cli.OkAsync("port", "create", NewMac(), "--node", bareUuid);
        var rows = await Cli.RowsAsync("node", "validate", bare);
        var bootRow = rows.Single(r => Str(r, "Interface") == "boot");
        Assert.That(bootRow["Result"]!.GetValue<bool>(), Is.False);
        Assert.That(Str(bootRow, "Reason"), Is.EqualTo(
            "Cannot validate PXE bootloader. Some parameters were missing in node's driver_info and configuration. " +
            "Missing are: ['deploy_kernel', 'deploy_ramdisk']"));
    }

    /// <summary>Shows the node until it reaches <paramref name="state"/>; fails with its last_error and what the machine did otherwise.</summary>
    private async Task ShowUntilAsync(string name, string state, PxeFirmware? firmware)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
            if (Str(node, "provision_state") == state)
                return;
            if (DateTime.UtcNow > deadline || Str(node, "provision_state") is "clean failed" or "deploy failed")
                Assert.Fail($"{name} is not {state}: {node.ToJsonString()}; machine: {string.Join(", ", firmware?.Events ?? [])}; agent: {firmware?.AgentLog}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The file's text once it exists (the conductor writes it in its deploy work), or a failure after <paramref name="within"/>.</summary>
    private static async Task<string> WaitForFileAsync(string path, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{path} was not written within {within.TotalSeconds} s.");
            await Task.Delay(200);
        }
        return await File.ReadAllTextAsync(path);
    }
}
