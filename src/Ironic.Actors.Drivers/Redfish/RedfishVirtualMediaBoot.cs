using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// The "redfish-virtual-media" boot interface: boots the node from an ISO the BMC mounts as a virtual CD. For the
/// <c>ramdisk</c> deploy, preparing the instance ejects the optical media, inserts <c>instance_info/boot_iso</c> and
/// makes the system boot from CD; cleaning the instance up ejects it again.
/// </summary>
/// <remarks>
/// For the agent deploys (<c>direct</c>), preparing the ramdisk inserts the pre-built agent ISO
/// <c>driver_info/deploy_iso</c> and boots from CD once; preparing the instance ejects it and makes the system boot its
/// disk persistently. Not here yet: building an ISO from <c>kernel</c>/<c>ramdisk</c> or
/// <c>deploy_kernel</c>/<c>deploy_ramdisk</c> (Ironic builds one when no ISO is given).
/// </remarks>
public sealed class RedfishVirtualMediaBoot(RedfishClient client) : IBootInterface
{
    private readonly RedfishVirtualMedia _media = new(client ?? throw new ArgumentNullException(nameof(client)));

    public string Name => "redfish-virtual-media";
    public string InterfaceType => InterfaceTypes.Boot;
    public IReadOnlyCollection<string> Capabilities => [IBootInterface.RamdiskBoot];

    /// <summary>
    /// The agent ramdisk's keys, in Ironic 21.4's words (its redfish-virtual-media boot lists these three; the BMC's keys come
    /// from the power and management interfaces).
    /// </summary>
    public IReadOnlyDictionary<string, string> GetProperties() => Properties;

    private static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["deploy_kernel"] = "URL or Glance UUID of the deployment kernel. Required if deploy_iso is not set.",
        ["deploy_ramdisk"] = "URL or Glance UUID of the ramdisk that is mounted at boot time. Required if deploy_iso is not set.",
        ["deploy_iso"] = "URL or Glance UUID of the deployment ISO to use. Required if deploy_kernel/deploy_ramdisk are not set.",
    };

    public ValidationResult Validate(Node node)
    {
        if (RedfishDriverInfo.TryParse(node) is { Error: { } error })
            return ValidationResult.Fail(error);
        if (node.Interfaces.Deploy == RamdiskDeployName)
            return BootIso(node) is not null ? ValidationResult.Ok : ValidationResult.Fail(MissingBootIso(node));

        // Any other deploy boots the agent ramdisk, from driver_info (Ironic's rule, though nothing can do that yet).
        var di = node.DriverInfo;
        if (DriverInfoValues.GetText(di, "deploy_iso") is not null)
            return ValidationResult.Ok;
        var missing = new[] { "deploy_kernel", "deploy_ramdisk" }.Where(k => DriverInfoValues.GetText(di, k) is null).ToList();
        return missing.Count == 0
            ? ValidationResult.Ok
            : ValidationResult.Fail("Error validating Redfish virtual media. Some parameters were missing in node's driver_info. " +
                                    $"Missing are: {IronicMessages.PythonList(missing)}");
    }

    /// <summary>
    /// Boots the agent ramdisk: ejects the optical media, inserts <c>driver_info/deploy_iso</c> and boots from CD once
    /// (the deploy interface switches the power).
    /// </summary>
    public async Task PrepareRamdiskAsync(Node node, CancellationToken ct)
    {
        var image = DriverInfoValues.GetText(node.DriverInfo, "deploy_iso")
                    ?? throw DriverException.MissingParameter(
                        $"Node {node.Uuid}: building the agent ISO from driver_info/deploy_kernel and deploy_ramdisk is not " +
                        "supported yet; set driver_info/deploy_iso to the URL of a bootable agent ISO.");
        var info = RedfishDriverInfo.Parse(node);
        var system = await client.GetSystemAsync(info, ct).ConfigureAwait(false);
        await _media.EjectAllAsync(info, system, ct).ConfigureAwait(false);
        await _media.InsertAsync(info, system, image, ct).ConfigureAwait(false);
        await SetBootAsync(info, system.Path, "Cd", "Once", ct).ConfigureAwait(false);
    }

    public Task CleanUpRamdiskAsync(Node node, CancellationToken ct) => CleanUpInstanceAsync(node, ct);

    /// <summary>
    /// Ejects the optical media, inserts boot_iso and sets the boot source to CD, persistently as Ironic does for a
    /// ramdisk instance (so that it boots its ISO again after every reboot).
    /// </summary>
    public async Task PrepareInstanceAsync(Node node, CancellationToken ct)
    {
        if (node.Interfaces.Deploy != RamdiskDeployName)
        {
            // An image written to disk: no media, boot the disk from now on.
            var diskInfo = RedfishDriverInfo.Parse(node);
            var diskSystem = await client.GetSystemAsync(diskInfo, ct).ConfigureAwait(false);
            await _media.EjectAllAsync(diskInfo, diskSystem, ct).ConfigureAwait(false);
            await SetBootAsync(diskInfo, diskSystem.Path, "Hdd", "Continuous", ct).ConfigureAwait(false);
            return;
        }
        var image = BootIso(node) ?? throw DriverException.MissingParameter(MissingBootIso(node));
        var info = RedfishDriverInfo.Parse(node);
        var system = await client.GetSystemAsync(info, ct).ConfigureAwait(false);
        await _media.EjectAllAsync(info, system, ct).ConfigureAwait(false);
        await _media.InsertAsync(info, system, image, ct).ConfigureAwait(false);
        await SetBootAsync(info, system.Path, "Cd", "Continuous", ct).ConfigureAwait(false);
    }

    private Task SetBootAsync(RedfishDriverInfo info, string systemPath, string target, string enabled, CancellationToken ct)
    {
        var boot = new JsonObject
        {
            ["Boot"] = new JsonObject { ["BootSourceOverrideTarget"] = target, ["BootSourceOverrideEnabled"] = enabled },
        };
        return client.SendAsync(info, HttpMethod.Patch, systemPath, boot, ct);
    }

    /// <summary>Ejects the optical media.</summary>
    public async Task CleanUpInstanceAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var system = await client.GetSystemAsync(info, ct).ConfigureAwait(false);
        await _media.EjectAllAsync(info, system, ct).ConfigureAwait(false);
    }

    private const string RamdiskDeployName = "ramdisk";

    private static string? BootIso(Node node) => DriverInfoValues.GetText(node.InstanceInfo, "boot_iso");

    private static string MissingBootIso(Node node)
    {
        var ii = node.InstanceInfo;
        return DriverInfoValues.GetText(ii, "kernel") is not null && DriverInfoValues.GetText(ii, "ramdisk") is not null
            ? $"Node {node.Uuid}: building a boot ISO from instance_info/kernel and ramdisk is not supported yet; " +
              "set instance_info/boot_iso to the URL of a bootable ISO."
            : "Cannot validate driver deploy. Some parameters were missing in node's instance_info. Missing are: ['boot_iso']";
    }
}
