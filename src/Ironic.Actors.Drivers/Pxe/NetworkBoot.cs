using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Pxe;

/// <summary>
/// What the <c>pxe</c> and <c>ipxe</c> boot interfaces share (Ironic's <c>PXEBaseMixin</c>): they write the node's boot
/// files under a root directory the operator's TFTP or HTTP server serves, one per-MAC file per PXE-enabled port, and
/// set the boot device through the node's management interface. Preparing the ramdisk boots the agent
/// (<c>driver_info/deploy_kernel</c> and <c>deploy_ramdisk</c>) once from the network; preparing the instance either
/// removes the files and boots the disk from then on (an image written to disk), or, for the <c>ramdisk</c> deploy,
/// rewrites the config to boot <c>instance_info</c>'s kernel and ramdisk (or ISO) from the network every time.
/// </summary>
/// <remarks>
/// Runs in driver work, never in an actor: the file IO and downloads are asynchronous. Kernels and ramdisks given as
/// http(s) URLs are downloaded into the node's directory (file:// URLs and paths are copied), as Ironic does, so that
/// the TFTP or HTTP server serves them; there is no shared image cache yet. Clean-up reads the per-MAC directory to find
/// the node's files (also those of ports deleted since). Not here: UEFI GRUB configs, per-IP files, rescue, fast track.
/// </remarks>
public abstract class NetworkBoot(PxeOptions options, HttpClient http) : IBootInterface
{
    private const string RamdiskDeployName = "ramdisk";

    public abstract string Name { get; }
    public string InterfaceType => InterfaceTypes.Boot;
    public IReadOnlyCollection<string> Capabilities => [IBootInterface.RamdiskBoot];

    /// <summary>True for iPXE (HTTP root, script, MAC files without the 01- prefix).</summary>
    protected abstract bool Ipxe { get; }

    /// <summary>The directory the files go under.</summary>
    protected abstract string Root { get; }

    /// <summary>The node's config file for <paramref name="config"/>.</summary>
    protected abstract string ConfigText(BootConfig config);

    /// <summary>Writes what every node shares (iPXE's boot.ipxe); nothing by default.</summary>
    protected virtual Task WriteSharedFilesAsync(CancellationToken ct) => Task.CompletedTask;

    protected PxeOptions Options => options;

    /// <summary>
    /// The agent ramdisk's keys in Ironic 21.4's words (its pxe and ipxe boot also list force_persistent_boot_device,
    /// kernel_append_params and the rescue keys, which nothing here reads).
    /// </summary>
    public IReadOnlyDictionary<string, string> GetProperties() => new Dictionary<string, string>
    {
        ["deploy_kernel"] = "UUID (from Glance) of the deployment kernel. Required.",
        ["deploy_ramdisk"] = "UUID (from Glance) of the ramdisk that is mounted at boot time. Required.",
    };

    public virtual ValidationResult Validate(Node node)
    {
        if (Ipxe && (string.IsNullOrWhiteSpace(options.HttpUrl) || string.IsNullOrWhiteSpace(options.HttpRoot)))
            return ValidationResult.Fail("iPXE boot is enabled but no HTTP URL or HTTP root was specified");
        var ii = node.InstanceInfo;
        if (DriverInfoValues.GetText(ii, "image_source") is not null && DriverInfoValues.GetText(ii, "boot_iso") is not null)
            return ValidationResult.Fail("An 'image_source' and 'boot_iso' parameter may not be specified at the same time");
        if (node.Interfaces.Deploy == RamdiskDeployName)
            return ValidateRamdiskInstance(node);
        var missing = new[] { "deploy_kernel", "deploy_ramdisk" }.Where(k => DriverInfoValues.GetText(node.DriverInfo, k) is null).ToList();
        return missing.Count == 0
            ? ValidationResult.Ok
            : ValidationResult.Fail("Cannot validate PXE bootloader. Some parameters were missing in node's driver_info and " +
                                    $"configuration. Missing are: {IronicMessages.PythonList(missing)}");
    }

    private ValidationResult ValidateRamdiskInstance(Node node)
    {
        var ii = node.InstanceInfo;
        if (DriverInfoValues.GetText(ii, "boot_iso") is not null)
            return Ipxe
                ? ValidationResult.Ok
                : ValidationResult.Fail($"Node {node.Uuid}: the pxe boot interface cannot boot instance_info/boot_iso; use ipxe, " +
                                        "or give instance_info/kernel and ramdisk.");
        var missing = new[] { "kernel", "ramdisk" }.Where(k => DriverInfoValues.GetText(ii, k) is null).ToList();
        return missing.Count == 0
            ? ValidationResult.Ok
            : ValidationResult.Fail("Cannot validate driver deploy. Some parameters were missing in node's instance_info. " +
                                    $"Missing are: {IronicMessages.PythonList(missing)}");
    }

    /// <summary>Ironic's order: the node needs a PXE-enabled port first, then what <see cref="Validate(Node)"/> checks.</summary>
    public ValidationResult Validate(Node node, NodeDrivers drivers) =>
        drivers.Ports.Any(p => p.PxeEnabled) ? Validate(node) : ValidationResult.Fail(NoPorts(node));

    private static string NoPorts(Node node) => $"Node {node.Uuid} does not have any port associated with it";

    public Task PrepareRamdiskAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());
    public Task PrepareInstanceAsync(Node node, CancellationToken ct) => Task.FromException(NeedsDrivers());

    /// <summary>Removes the node's files (its directory and per-MAC files); the ports are not needed for that.</summary>
    public Task CleanUpRamdiskAsync(Node node, CancellationToken ct) => FileWork(node, () => RemoveFilesAsync(node, ct));

    public Task CleanUpInstanceAsync(Node node, CancellationToken ct) => FileWork(node, () => RemoveFilesAsync(node, ct));

    public Task CleanUpRamdiskAsync(Node node, NodeDrivers drivers, CancellationToken ct) => CleanUpRamdiskAsync(node, ct);

    public Task CleanUpInstanceAsync(Node node, NodeDrivers drivers, CancellationToken ct) => CleanUpInstanceAsync(node, ct);

    /// <summary>File-system failures (a root that is missing or not writable) become driver errors the node reports in last_error.</summary>
    private async Task FileWork(Node node, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DriverException($"The {Name} boot interface could not write or remove the boot files of node {node.Uuid} " +
                                      $"under {Root}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the node's config (target: the deploy ramdisk), fetches deploy_kernel and deploy_ramdisk into its
    /// directory, links every PXE-enabled port's MAC file to the config, and sets the boot device to PXE for the next
    /// boot (the deploy interface switches the power).
    /// </summary>
    public Task PrepareRamdiskAsync(Node node, NodeDrivers drivers, CancellationToken ct) =>
        FileWork(node, () => WriteRamdiskFilesAsync(node, drivers, ct));

    private async Task WriteRamdiskFilesAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        ThrowIfInvalid(node);
        var macs = Macs(node, drivers.Ports);
        var apiUrl = options.ApiUrl is { Length: > 0 } url
            ? url
            : throw new DriverException("Couldn't get the URL of the Ironic API service from the configuration file: set " +
                                        $"{HardwareOptions.SectionName}:Pxe:ApiUrl (or Ironic:Gateway:PublicEndpoint).");
        await FetchAsync(DriverInfoValues.GetText(node.DriverInfo, "deploy_kernel")!, node.Uuid, PxeLayout.DeployKernel, ct).ConfigureAwait(false);
        await FetchAsync(DriverInfoValues.GetText(node.DriverInfo, "deploy_ramdisk")!, node.Uuid, PxeLayout.DeployRamdisk, ct).ConfigureAwait(false);
        var config = new BootConfig(node.Uuid, PxeLayout.DeployLabel, PxeLayout.DeployKernelArgs(options.KernelAppendParams, apiUrl));
        await WriteConfigAsync(config, macs, ct).ConfigureAwait(false);
        await drivers.Management.SetBootDeviceAsync(node, "pxe", persistent: false, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// An image written to disk: the node's files are removed and the machine boots its disk persistently. The ramdisk
    /// deploy: the config is rewritten to boot the instance's kernel and ramdisk (or ISO), and PXE stays the boot device.
    /// </summary>
    public Task PrepareInstanceAsync(Node node, NodeDrivers drivers, CancellationToken ct) =>
        FileWork(node, () => WriteInstanceFilesAsync(node, drivers, ct));

    private async Task WriteInstanceFilesAsync(Node node, NodeDrivers drivers, CancellationToken ct)
    {
        if (node.Interfaces.Deploy != RamdiskDeployName)
        {
            await RemoveFilesAsync(node, ct).ConfigureAwait(false);
            await drivers.Management.SetBootDeviceAsync(node, "disk", persistent: true, ct).ConfigureAwait(false);
            return;
        }
        ThrowIfInvalid(node);
        var macs = Macs(node, drivers.Ports);
        var ii = node.InstanceInfo;
        var args = PxeLayout.RamdiskKernelArgs(options.KernelAppendParams, DriverInfoValues.GetText(ii, "ramdisk_kernel_arguments"));
        var iso = DriverInfoValues.GetText(ii, "boot_iso");
        if (iso is null)
        {
            await FetchAsync(DriverInfoValues.GetText(ii, "kernel")!, node.Uuid, PxeLayout.InstanceKernel, ct).ConfigureAwait(false);
            await FetchAsync(DriverInfoValues.GetText(ii, "ramdisk")!, node.Uuid, PxeLayout.InstanceRamdisk, ct).ConfigureAwait(false);
        }
        await WriteConfigAsync(new BootConfig(node.Uuid, PxeLayout.RamdiskLabel, args, iso), macs, ct).ConfigureAwait(false);
        await drivers.Management.SetBootDeviceAsync(node, "pxe", persistent: true, ct).ConfigureAwait(false);
    }

    private void ThrowIfInvalid(Node node)
    {
        var valid = Validate(node);
        if (!valid.Result)
            throw DriverException.MissingParameter(valid.Reason ?? "Invalid boot configuration.");
    }

    /// <summary>The MACs of the node's PXE-enabled ports (Ironic's <c>get_node_mac_addresses</c>); none is an error.</summary>
    private static IReadOnlyList<string> Macs(Node node, IReadOnlyList<Port> ports)
    {
        var macs = ports.Where(p => p.PxeEnabled).Select(p => p.Address).ToList();
        return macs.Count > 0 ? macs : throw DriverException.MissingParameter(NoPorts(node));
    }

    private async Task WriteConfigAsync(BootConfig config, IReadOnlyList<string> macs, CancellationToken ct)
    {
        await WriteSharedFilesAsync(ct).ConfigureAwait(false);
        var text = ConfigText(config);
        var configPath = Path.Combine(Root, PxeLayout.NodeDirectory(config.Node), PxeLayout.ConfigName);
        await WriteAtomicallyAsync(configPath, text, ct).ConfigureAwait(false);
        var macDir = Path.Combine(Root, PxeLayout.MacDirectory);
        Directory.CreateDirectory(macDir);
        foreach (var mac in macs)
        {
            var macFile = Path.Combine(macDir, PxeLayout.MacFileName(mac, Ipxe));
            if (Ipxe)
            {
                // A copy, not a link: HTTP servers need not follow symbolic links (Kestrel's static files serve a link
                // with the link's own length). Both are always written together.
                await WriteAtomicallyAsync(macFile, text, ct).ConfigureAwait(false);
                continue;
            }
            // TFTP servers follow links; pxelinux reads the node's config through it, as Ironic lays it out.
            DeleteIfPresent(macFile);
            File.CreateSymbolicLink(macFile, PxeLayout.MacLinkTarget(config.Node));
        }
    }

    /// <summary>
    /// Removes the node's directory and every per-MAC file of the node: links into its directory, and copies of its
    /// config (recognised by their header line). Ports deleted since the files were written are covered too.
    /// </summary>
    private async Task RemoveFilesAsync(Node node, CancellationToken ct)
    {
        var macDir = Path.Combine(Root, PxeLayout.MacDirectory);
        if (Directory.Exists(macDir))
        {
            var target = PxeLayout.MacLinkTarget(node.Uuid);
            var header = PxeLayout.Header(node.Uuid);
            foreach (var file in Directory.EnumerateFileSystemEntries(macDir))
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is { } linkTarget)
                {
                    if (linkTarget == target)
                        DeleteIfPresent(file);
                }
                else if (!file.EndsWith(".part", StringComparison.Ordinal) && info.Exists && info.Length < 64 * 1024 &&
                         (await ReadIfPresentAsync(file, ct).ConfigureAwait(false)).Contains(header, StringComparison.Ordinal))
                {
                    DeleteIfPresent(file);
                }
            }
        }
        var dir = Path.Combine(Root, PxeLayout.NodeDirectory(node.Uuid));
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>The file's text, or "" when another node's work replaced or removed it meanwhile.</summary>
    private static async Task<string> ReadIfPresentAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    /// <summary>Puts the image at <paramref name="source"/> into the node's directory as <paramref name="name"/>.</summary>
    private async Task FetchAsync(string source, Guid node, string name, CancellationToken ct)
    {
        var destination = Path.Combine(Root, PxeLayout.NodeDirectory(node), name);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = $"{destination}.{Guid.NewGuid():N}.part";
        try
        {
            if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    throw new DriverException($"Failed to download image {source} for node {node}: HTTP {(int)response.StatusCode}.");
                await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await using var file = File.Create(partial);
                await body.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            else
            {
                var path = uri is { IsFile: true } ? uri.LocalPath : source;
                if (!File.Exists(path))
                    throw DriverException.InvalidParameter($"Image {source} for node {node} is neither an http(s) URL nor an existing file.");
                await using var input = File.OpenRead(path);
                await using var file = File.Create(partial);
                await input.CopyToAsync(file, ct).ConfigureAwait(false);
            }
            File.Move(partial, destination, overwrite: true);
        }
        catch (HttpRequestException e)
        {
            throw new DriverException($"Failed to download image {source} for node {node}: {e.Message}", e);
        }
        finally
        {
            DeleteIfPresent(partial);
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a booting machine never reads half a file.</summary>
    protected static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A name of its own: several nodes' work may write the shared boot.ipxe at once.
        var partial = $"{path}.{Guid.NewGuid():N}.part";
        await File.WriteAllTextAsync(partial, content, ct).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
    }

    private static void DeleteIfPresent(string path)
    {
        // A symbolic link whose target is gone still exists as an entry; File.Delete removes the link itself.
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
            File.Delete(path);
    }

    private DriverException NeedsDrivers() =>
        new($"The {Name} boot interface sets the boot device through the node's management interface and needs its ports; call it with them.");
}

/// <summary>The "ipxe" boot interface: the node's iPXE script and kernel/ramdisk under the HTTP root (<c>[deploy]http_root</c>).</summary>
public sealed class IpxeBoot(PxeOptions options, HttpClient http) : NetworkBoot(options, http)
{
    public override string Name => "ipxe";
    protected override bool Ipxe => true;
    protected override string Root => Options.HttpRoot;
    protected override string ConfigText(BootConfig config) => PxeLayout.IpxeScript(config, Options.HttpUrl!);

    protected override Task WriteSharedFilesAsync(CancellationToken ct) =>
        WriteAtomicallyAsync(Path.Combine(Root, PxeLayout.BootScriptName), PxeLayout.BootScript(Options.HttpUrl!), ct);
}

/// <summary>The "pxe" boot interface: the node's pxelinux config and kernel/ramdisk under the TFTP root (<c>[pxe]tftp_root</c>).</summary>
public sealed class PxeBoot(PxeOptions options, HttpClient http) : NetworkBoot(options, http)
{
    public override string Name => "pxe";
    protected override bool Ipxe => false;
    protected override string Root => Options.TftpRoot;
    protected override string ConfigText(BootConfig config) => PxeLayout.PxelinuxConfig(config);
}
