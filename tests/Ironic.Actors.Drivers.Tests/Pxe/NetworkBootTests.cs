using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Pxe;
using NUnit.Framework;
using static Ironic.Actors.Drivers.Tests.TestNodes;

namespace Ironic.Actors.Drivers.Tests.Pxe;

/// <summary>The files the ipxe and pxe boot interfaces write under a temporary root, and the boot devices they set.</summary>
public sealed class NetworkBootTests
{
    private const string Mac = "52:54:00:AB:cd:01";
    private const string OtherMac = "52:54:00:ab:cd:02";
    private const string ApiUrl = "http://10.1.2.3:6385";
    private const string HttpUrl = "http://10.1.2.3:8080/";
    private string _root = null!;
    private string _images = null!;
    private PxeOptions _options = null!;
    private RecordingManagement _management = null!;
    private static readonly HttpClient Client = new();

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "pxe-tests-" + Guid.NewGuid().ToString("N"));
        _images = Path.Combine(_root, "images");
        Directory.CreateDirectory(_images);
        File.WriteAllText(Path.Combine(_images, "ipa.kernel"), "agent kernel");
        File.WriteAllText(Path.Combine(_images, "ipa.initramfs"), "agent initramfs");
        File.WriteAllText(Path.Combine(_images, "os.kernel"), "instance kernel");
        File.WriteAllText(Path.Combine(_images, "os.initramfs"), "instance initramfs");
        _options = new PxeOptions
        {
            HttpRoot = Path.Combine(_root, "httpboot"), HttpUrl = HttpUrl, TftpRoot = Path.Combine(_root, "tftpboot"),
            ApiUrl = ApiUrl,
        };
        _management = new RecordingManagement();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private Node IpmiNode(string boot, string deploy = "direct", Action<JsonObject>? instance = null)
    {
        var ii = new JsonObject();
        instance?.Invoke(ii);
        return FakeNode() with
        {
            Driver = "ipmi",
            Interfaces = FakeInterfaces with { Boot = boot, Deploy = deploy },
            DriverInfo = new JsonObject
            {
                ["deploy_kernel"] = Path.Combine(_images, "ipa.kernel"),
                ["deploy_ramdisk"] = "file://" + Path.Combine(_images, "ipa.initramfs"),
            },
            InstanceInfo = ii,
        };
    }

    private NodeDrivers Drivers(IBootInterface boot, params Port[] ports) =>
        new NodeDrivers(new Fake.FakePower(new FakeDelays(), TimeProvider.System), _management, boot) { Ports = ports };

    private static Port PortOf(Node node, string mac, bool pxe = true) => new()
    {
        Uuid = Guid.NewGuid(), NodeId = node.Uuid, Address = mac.ToLowerInvariant(), PxeEnabled = pxe, CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private string Http(string relative) => Path.Combine(_options.HttpRoot, relative);
    private string Tftp(string relative) => Path.Combine(_options.TftpRoot, relative);

    [Test]
    public async Task Ipxe_prepare_ramdisk_writes_the_script_the_mac_links_and_boot_ipxe_and_boots_pxe_once()
    {
        var boot = new IpxeBoot(_options, Client);
        var node = IpmiNode("ipxe");
        var ports = new[] { PortOf(node, Mac), PortOf(node, OtherMac), PortOf(node, "52:54:00:ab:cd:03", pxe: false) };

        await boot.PrepareRamdiskAsync(node, Drivers(boot, ports), CancellationToken.None);

        var uuid = node.Uuid.ToString();
        var script = File.ReadAllText(Http($"{uuid}/config"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(script, Does.StartWith("#!ipxe\n"));
            Assert.That(script, Does.Contain("goto deploy\n"));
            Assert.That(script, Does.Contain(
                $"kernel http://10.1.2.3:8080/{uuid}/deploy_kernel text nofb nomodeset vga=normal ipa-api-url={ApiUrl} BOOTIF=${{mac}} initrd=deploy_ramdisk"));
            Assert.That(script, Does.Contain($"initrd http://10.1.2.3:8080/{uuid}/deploy_ramdisk"));
            Assert.That(File.ReadAllText(Http($"{uuid}/deploy_kernel")), Is.EqualTo("agent kernel"), "a path is copied");
            Assert.That(File.ReadAllText(Http($"{uuid}/deploy_ramdisk")), Is.EqualTo("agent initramfs"), "a file:// URL is copied");
            // One file per PXE-enabled port, named without pxelinux's 01- prefix, holding the script (a copy: HTTP
            // servers need not follow links).
            Assert.That(Directory.GetFileSystemEntries(Http("pxelinux.cfg")).Select(Path.GetFileName),
                Is.EquivalentTo(new[] { "52-54-00-ab-cd-01", "52-54-00-ab-cd-02" }));
            Assert.That(new FileInfo(Http("pxelinux.cfg/52-54-00-ab-cd-01")).LinkTarget, Is.Null);
            Assert.That(File.ReadAllText(Http("pxelinux.cfg/52-54-00-ab-cd-01")), Is.EqualTo(script));
            var chain = File.ReadAllText(Http("boot.ipxe"));
            Assert.That(chain, Does.StartWith("#!ipxe\n").And.Contain("chain http://10.1.2.3:8080/pxelinux.cfg/${mac:hexhyp}"));
            Assert.That(_management.Calls, Is.EqualTo(new[] { ("pxe", false) }));
            Assert.That(Directory.Exists(_options.TftpRoot), Is.False, "iPXE writes nothing under the TFTP root");
        }
    }

    [Test]
    public async Task Ipxe_prepare_instance_for_a_disk_image_removes_the_files_and_boots_the_disk_persistently()
    {
        var boot = new IpxeBoot(_options, Client);
        var other = IpmiNode("ipxe") with { Uuid = Guid.NewGuid() };
        var node = IpmiNode("ipxe");
        await boot.PrepareRamdiskAsync(other, Drivers(boot, PortOf(other, OtherMac)), CancellationToken.None);
        await boot.PrepareRamdiskAsync(node, Drivers(boot, PortOf(node, Mac)), CancellationToken.None);

        await boot.PrepareInstanceAsync(node, Drivers(boot, PortOf(node, Mac)), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Directory.Exists(Http(node.Uuid.ToString())), Is.False);
            Assert.That(Directory.GetFileSystemEntries(Http("pxelinux.cfg")).Select(Path.GetFileName), Is.EqualTo(new[] { "52-54-00-ab-cd-02" }),
                "only this node's link is gone");
            Assert.That(File.Exists(Http($"{other.Uuid}/config")), Is.True);
            Assert.That(_management.Calls[^1], Is.EqualTo(("disk", true)));
        }
    }

    [Test]
    public async Task Ipxe_ramdisk_deploy_boots_the_instance_kernel_or_its_iso_and_keeps_pxe()
    {
        var boot = new IpxeBoot(_options, Client);
        var node = IpmiNode("ipxe", "ramdisk", ii =>
        {
            ii["kernel"] = Path.Combine(_images, "os.kernel");
            ii["ramdisk"] = Path.Combine(_images, "os.initramfs");
            ii["ramdisk_kernel_arguments"] = "console=ttyS0";
        });
        await boot.PrepareInstanceAsync(node, Drivers(boot, PortOf(node, Mac)), CancellationToken.None);

        var uuid = node.Uuid.ToString();
        var script = File.ReadAllText(Http($"{uuid}/config"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(script, Does.Contain("goto boot_ramdisk\n").And.Not.Contain(":deploy"));
            Assert.That(script, Does.Contain(
                $"kernel http://10.1.2.3:8080/{uuid}/kernel root=/dev/ram0 text nofb nomodeset vga=normal console=ttyS0 initrd=ramdisk"));
            Assert.That(File.ReadAllText(Http($"{uuid}/ramdisk")), Is.EqualTo("instance initramfs"));
            Assert.That(_management.Calls, Is.EqualTo(new[] { ("pxe", true) }));
        }

        var iso = node with { InstanceInfo = new JsonObject { ["boot_iso"] = "http://images/live.iso" } };
        await boot.PrepareInstanceAsync(iso, Drivers(boot, PortOf(node, Mac)), CancellationToken.None);
        Assert.That(File.ReadAllText(Http($"{uuid}/config")), Does.Contain("sanboot http://images/live.iso\n"));
        Assert.That(boot.Capabilities, Does.Contain(IBootInterface.RamdiskBoot));

        await boot.CleanUpInstanceAsync(node, Drivers(boot), CancellationToken.None);
        Assert.That(Directory.Exists(Http(uuid)), Is.False);
        Assert.That(Directory.GetFileSystemEntries(Http("pxelinux.cfg")), Is.Empty);
    }

    [Test]
    public async Task Pxe_writes_a_pxelinux_config_under_the_tftp_root_with_01_prefixed_mac_links()
    {
        var boot = new PxeBoot(_options, Client);
        var node = IpmiNode("pxe");

        await boot.PrepareRamdiskAsync(node, Drivers(boot, PortOf(node, Mac)), CancellationToken.None);

        var uuid = node.Uuid.ToString();
        var config = File.ReadAllText(Tftp($"{uuid}/config"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config, Does.Contain("default deploy\n"));
            Assert.That(config, Does.Contain($"kernel {uuid}/deploy_kernel\n"));
            Assert.That(config, Does.Contain($"append initrd={uuid}/deploy_ramdisk text nofb nomodeset vga=normal ipa-api-url={ApiUrl}\n"));
            Assert.That(config, Does.Contain("ipappend 2\n"), "pxelinux adds BOOTIF");
            Assert.That(new FileInfo(Tftp("pxelinux.cfg/01-52-54-00-ab-cd-01")).LinkTarget, Is.EqualTo($"../{uuid}/config"));
            Assert.That(File.ReadAllText(Tftp("pxelinux.cfg/01-52-54-00-ab-cd-01")), Is.EqualTo(config));
            Assert.That(File.ReadAllText(Tftp($"{uuid}/deploy_kernel")), Is.EqualTo("agent kernel"));
            Assert.That(File.Exists(Tftp("boot.ipxe")), Is.False);
            Assert.That(Directory.Exists(_options.HttpRoot), Is.False);
        }

        await boot.CleanUpRamdiskAsync(node, Drivers(boot), CancellationToken.None);
        Assert.That(Directory.Exists(Tftp(uuid)), Is.False);
        Assert.That(Directory.GetFileSystemEntries(Tftp("pxelinux.cfg")), Is.Empty);
    }

    [Test]
    public void Validation_uses_Ironics_wording()
    {
        var ipxe = new IpxeBoot(_options, Client);
        var node = IpmiNode("ipxe");
        Assert.That(ipxe.Validate(node).Result, Is.True);

        var noKernel = node with { DriverInfo = new JsonObject { ["deploy_ramdisk"] = "http://x/r" } };
        Assert.That(ipxe.Validate(noKernel).Reason, Is.EqualTo(
            "Cannot validate PXE bootloader. Some parameters were missing in node's driver_info and configuration. Missing are: ['deploy_kernel']"));
        var none = node with { DriverInfo = new JsonObject() };
        Assert.That(new PxeBoot(_options, Client).Validate(none).Reason, Does.EndWith("Missing are: ['deploy_kernel', 'deploy_ramdisk']"));

        var noUrl = new IpxeBoot(new PxeOptions { HttpRoot = _options.HttpRoot, ApiUrl = ApiUrl }, Client);
        Assert.That(noUrl.Validate(node).Reason, Is.EqualTo("iPXE boot is enabled but no HTTP URL or HTTP root was specified"));
        Assert.That(new PxeBoot(new PxeOptions { ApiUrl = ApiUrl }, Client).Validate(node).Result, Is.True, "PXE needs no HTTP URL");

        var both = node with { InstanceInfo = new JsonObject { ["image_source"] = "http://x/i", ["boot_iso"] = "http://x/b" } };
        Assert.That(ipxe.Validate(both).Reason, Is.EqualTo("An 'image_source' and 'boot_iso' parameter may not be specified at the same time"));
        var ramdisk = IpmiNode("ipxe", "ramdisk", ii => ii["kernel"] = "http://x/k");
        Assert.That(ipxe.Validate(ramdisk).Reason, Does.EndWith("Missing are: ['ramdisk']"));

        // With the node's ports at hand, a PXE-enabled port comes first, as in Ironic.
        Assert.That(ipxe.Validate(none, Drivers(ipxe)).Reason, Is.EqualTo($"Node {node.Uuid} does not have any port associated with it"));
        Assert.That(ipxe.Validate(none, Drivers(ipxe, PortOf(node, Mac, pxe: false))).Reason, Does.Contain("does not have any port"));
        Assert.That(ipxe.Validate(none, Drivers(ipxe, PortOf(node, Mac))).Reason, Does.StartWith("Cannot validate PXE bootloader"));
        Assert.That(ipxe.Validate(node, Drivers(ipxe, PortOf(node, Mac))).Result, Is.True);
    }

    [Test]
    public void Preparing_a_node_without_ports_or_api_url_fails_with_a_driver_error_and_writes_nothing()
    {
        var boot = new IpxeBoot(_options, Client);
        var node = IpmiNode("ipxe");

        var noPorts = Assert.ThrowsAsync<DriverException>(() => boot.PrepareRamdiskAsync(node, Drivers(boot), CancellationToken.None));
        Assert.That(noPorts!.Message, Is.EqualTo($"Node {node.Uuid} does not have any port associated with it"));
        var onlyDisabled = Assert.ThrowsAsync<DriverException>(() =>
            boot.PrepareRamdiskAsync(node, Drivers(boot, PortOf(node, Mac, pxe: false)), CancellationToken.None));
        Assert.That(onlyDisabled!.Message, Does.Contain("does not have any port"));

        var noApi = new IpxeBoot(new PxeOptions { HttpRoot = _options.HttpRoot, HttpUrl = HttpUrl }, Client);
        Assert.That(() => noApi.PrepareRamdiskAsync(node, Drivers(noApi, PortOf(node, Mac)), CancellationToken.None),
            Throws.InstanceOf<DriverException>().With.Message.Contains("URL of the Ironic API"));
        Assert.That(Directory.Exists(_options.HttpRoot), Is.False);
        Assert.That(_management.Calls, Is.Empty);
    }

    [Test]
    public void A_root_that_cannot_be_written_is_a_driver_error_naming_it()
    {
        var blocker = Path.Combine(_root, "not-a-directory");
        File.WriteAllText(blocker, "a file where the HTTP root should be");
        var boot = new IpxeBoot(new PxeOptions { HttpRoot = blocker, HttpUrl = HttpUrl, ApiUrl = ApiUrl }, Client);
        var node = IpmiNode("ipxe");

        var error = Assert.ThrowsAsync<DriverException>(() => boot.PrepareRamdiskAsync(node, Drivers(boot, PortOf(node, Mac)), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"The ipxe boot interface could not write or remove the boot files of node {node.Uuid} under {blocker}"));
        Assert.That(_management.Calls, Is.Empty, "the boot device is not touched when the files are not there");
    }

    private sealed class RecordingManagement : IManagementInterface
    {
        public List<(string Device, bool Persistent)> Calls { get; } = [];
        public string Name => "recording";
        public string InterfaceType => InterfaceTypes.Management;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;
        public Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct) => Task.FromResult(new BootDeviceInfo(Calls.LastOrDefault().Device, false));

        public Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct)
        {
            Calls.Add((device, persistent));
            return Task.CompletedTask;
        }

        public IReadOnlyList<string> SupportedBootDevices(Node node) => ["pxe", "disk"];
    }
}
