using System.Globalization;
using System.Text;

namespace Ironic.Actors.Drivers.Pxe;

/// <summary>What one node boots from the network: the deploy ramdisk, or (for the ramdisk deploy) its instance.</summary>
/// <param name="Node">The node's UUID; its files live in the directory of that name.</param>
/// <param name="Target">The label the firmware boots: <see cref="PxeLayout.DeployLabel"/> or <see cref="PxeLayout.RamdiskLabel"/>.</param>
/// <param name="KernelArgs">Kernel arguments of whatever is booted (append params, ipa-api-url, ...).</param>
/// <param name="BootIso">For the ramdisk instance: an ISO URL to boot instead of a kernel and ramdisk (iPXE only).</param>
public sealed record BootConfig(Guid Node, string Target, string KernelArgs, string? BootIso = null);

/// <summary>
/// The file layout and contents the <c>pxe</c> and <c>ipxe</c> boot interfaces write (pure: no IO). Under the root
/// (the TFTP root for PXE, the HTTP root for iPXE): <c>&lt;uuid&gt;/config</c> (the node's boot configuration),
/// <c>&lt;uuid&gt;/deploy_kernel</c> and <c>deploy_ramdisk</c> (or <c>kernel</c> and <c>ramdisk</c> of a ramdisk
/// instance), one <c>pxelinux.cfg/&lt;mac&gt;</c> file per port (PXE: a link to the config, as Ironic; iPXE: a copy of
/// it, because HTTP servers need not follow links), and for iPXE a shared
/// <c>boot.ipxe</c> that chains the per-MAC file. PXE names the MAC files <c>01-aa-bb-...</c> (pxelinux's ARP type
/// prefix), iPXE <c>aa-bb-...</c> (its <c>${mac:hexhyp}</c>), as Ironic does.
/// </summary>
public static class PxeLayout
{
    public const string DeployLabel = "deploy";
    public const string RamdiskLabel = "boot_ramdisk";
    public const string ConfigName = "config";
    public const string MacDirectory = "pxelinux.cfg";
    public const string BootScriptName = "boot.ipxe";
    public const string DeployKernel = "deploy_kernel";
    public const string DeployRamdisk = "deploy_ramdisk";
    public const string InstanceKernel = "kernel";
    public const string InstanceRamdisk = "ramdisk";

    /// <summary>The node's directory, relative to the root.</summary>
    public static string NodeDirectory(Guid node) => node.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>A file of the node's directory, relative to the root, with '/' separators.</summary>
    public static string NodeFile(Guid node, string name) => $"{NodeDirectory(node)}/{name}";

    /// <summary>The per-MAC file name: <c>aa-bb-cc-dd-ee-ff</c> for iPXE, <c>01-aa-bb-cc-dd-ee-ff</c> for PXE.</summary>
    public static string MacFileName(string mac, bool ipxe)
    {
        var hyphens = mac.Trim().ToLowerInvariant().Replace(':', '-');
        return ipxe ? hyphens : "01-" + hyphens;
    }

    /// <summary>The per-MAC file, relative to the root.</summary>
    public static string MacFile(string mac, bool ipxe) => $"{MacDirectory}/{MacFileName(mac, ipxe)}";

    /// <summary>Where a per-MAC link points: the node's config, relative to the link's directory.</summary>
    public static string MacLinkTarget(Guid node) => $"../{NodeFile(node, ConfigName)}";

    /// <summary>The header line of every node config: it names the node, so a copy of the config can be recognised.</summary>
    public static string Header(Guid node) => $"# Boot configuration of node {node}, written by Ironic.Actors.";

    /// <summary>
    /// The kernel command line of the deploy ramdisk: the configured append params, then where the agent finds the
    /// API (<c>ipa-api-url</c>). BOOTIF is added by the boot configuration (iPXE's <c>${mac}</c>, pxelinux's ipappend).
    /// </summary>
    public static string DeployKernelArgs(string appendParams, string apiUrl) =>
        Join(appendParams, "ipa-api-url=" + apiUrl.TrimEnd('/'));

    /// <summary>The kernel command line of a ramdisk instance: append params and the node's own arguments.</summary>
    public static string RamdiskKernelArgs(string appendParams, string? instanceArgs) => Join(appendParams, instanceArgs);

    /// <summary>
    /// The shared <c>boot.ipxe</c> the DHCP server hands to iPXE clients: it tries the per-MAC file of every network
    /// device in turn, and reboots after a while when none has one.
    /// </summary>
    public static string BootScript(string httpUrl)
    {
        var macs = httpUrl.TrimEnd('/') + "/" + MacDirectory + "/";
        return $$"""
            #!ipxe
            # Written by Ironic.Actors: chains the boot configuration of the network device's MAC, if there is one.
            set idx:int32 -1
            :next_device
            inc idx || chain {{macs}}${mac:hexhyp} || goto nothing
            isset ${net${idx}/mac} || goto nothing
            echo Looking for a boot configuration for ${net${idx}/mac:hexhyp}
            chain {{macs}}${net${idx}/mac:hexhyp} || goto next_device
            exit 0

            :nothing
            echo No boot configuration for any network device of this machine.
            prompt --timeout 180 Press a key to reboot...
            reboot

            """.ReplaceLineEndings("\n");
    }

    /// <summary>
    /// The node's iPXE script: it jumps to <see cref="BootConfig.Target"/>. The deploy section boots
    /// <c>deploy_kernel</c>/<c>deploy_ramdisk</c> from the node's directory at <paramref name="httpUrl"/> with
    /// <c>BOOTIF=${mac}</c>, trying again a few times when the HTTP server does not answer; the ramdisk section (only
    /// when the target) boots the instance's kernel and ramdisk, or its ISO by sanboot.
    /// </summary>
    public static string IpxeScript(BootConfig config, string httpUrl)
    {
        var dir = $"{httpUrl.TrimEnd('/')}/{NodeDirectory(config.Node)}/";
        var text = new StringBuilder();
        text.Append($$"""
            #!ipxe
            {{Header(config.Node)}}
            goto {{config.Target}}

            """);
        if (config.Target == DeployLabel)
            text.Append($$"""
            :deploy
            set tries:int32 0
            :deploy_again
            imgfree
            kernel {{dir}}{{DeployKernel}} text {{config.KernelArgs}} BOOTIF=${mac} initrd={{DeployRamdisk}} || goto retry
            initrd {{dir}}{{DeployRamdisk}} || goto retry
            boot

            :retry
            iseq ${tries} 10 && goto give_up ||
            inc tries
            echo The deploy ramdisk could not be fetched; trying again in ${tries} seconds.
            sleep ${tries}
            goto deploy_again

            :give_up
            echo The deploy ramdisk could not be fetched; powering off in 30 seconds.
            sleep 30
            poweroff

            """);
        if (config.Target == RamdiskLabel)
        {
            text.Append(":boot_ramdisk\nimgfree\n");
            if (config.BootIso is { } iso)
                text.Append($"sanboot {iso}\n");
            else
                text.Append($"kernel {dir}{InstanceKernel} root=/dev/ram0 text {config.KernelArgs} initrd={InstanceRamdisk} || goto boot_ramdisk\n")
                    .Append($"initrd {dir}{InstanceRamdisk} || goto boot_ramdisk\n")
                    .Append("boot\n");
        }
        return text.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>
    /// The node's pxelinux configuration: <c>default</c> names <see cref="BootConfig.Target"/>; paths are relative to
    /// the TFTP root (where pxelinux.0 is served from); <c>ipappend 2</c> has pxelinux add BOOTIF for the deploy ramdisk.
    /// </summary>
    public static string PxelinuxConfig(BootConfig config)
    {
        var text = new StringBuilder();
        text.Append($"""
            {Header(config.Node)}
            default {config.Target}

            """);
        if (config.Target == DeployLabel)
            text.Append($"""
                label {DeployLabel}
                kernel {NodeFile(config.Node, DeployKernel)}
                append initrd={NodeFile(config.Node, DeployRamdisk)} text {config.KernelArgs}
                ipappend 2

                """);
        else
            text.Append($"""
                label {RamdiskLabel}
                kernel {NodeFile(config.Node, InstanceKernel)}
                append initrd={NodeFile(config.Node, InstanceRamdisk)} root=/dev/ram0 text {config.KernelArgs}

                """);
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string Join(params string?[] parts) =>
        string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
