using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// The "redfish" management interface: the boot device is the system's <c>Boot.BootSourceOverrideTarget</c>
/// (set with PATCH), and persistence is <c>BootSourceOverrideEnabled</c> Continuous vs Once.
/// </summary>
public sealed class RedfishManagement : IManagementInterface
{
    private static readonly Dictionary<string, string> ToRedfish = new()
    {
        ["pxe"] = "Pxe",
        ["disk"] = "Hdd",
        ["cdrom"] = "Cd",
        ["bios"] = "BiosSetup",
    };

    private static readonly Dictionary<string, string> FromRedfish = ToRedfish.ToDictionary(kv => kv.Value, kv => kv.Key);
    private static readonly IReadOnlyList<string> Devices = [.. ToRedfish.Keys];

    private readonly RedfishClient _client;

    public RedfishManagement(RedfishClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    public string Name => "redfish";
    public string InterfaceType => InterfaceTypes.Management;

    public IReadOnlyDictionary<string, string> GetProperties() => RedfishDriverInfo.Properties;

    public ValidationResult Validate(Node node) =>
        RedfishDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public IReadOnlyList<string> SupportedBootDevices(Node node) => Devices;

    public async Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct)
    {
        if (!ToRedfish.TryGetValue(device, out var target))
            throw DriverException.InvalidParameter($"Invalid boot device {device} specified.");
        var info = RedfishDriverInfo.Parse(node);
        var system = await _client.GetSystemAsync(info, ct).ConfigureAwait(false);
        var patch = new JsonObject
        {
            ["Boot"] = new JsonObject
            {
                ["BootSourceOverrideTarget"] = target,
                ["BootSourceOverrideEnabled"] = persistent ? "Continuous" : "Once",
            },
        };
        await _client.SendAsync(info, HttpMethod.Patch, system.Path, patch, ct).ConfigureAwait(false);
    }

    public async Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var system = await _client.GetSystemAsync(info, ct).ConfigureAwait(false);
        return ReadBoot(system.Body);
    }

    /// <summary>Maps the system's Boot object; unknown or absent values read as null.</summary>
    public static BootDeviceInfo ReadBoot(JsonObject system)
    {
        var boot = system["Boot"] as JsonObject;
        var target = (boot?["BootSourceOverrideTarget"] as JsonValue)?.ToString();
        var enabled = (boot?["BootSourceOverrideEnabled"] as JsonValue)?.ToString();
        var device = target is not null && FromRedfish.TryGetValue(target, out var d) ? d : null;
        bool? persistent = enabled switch
        {
            "Continuous" => true,
            "Once" => false,
            _ => null,
        };
        return new BootDeviceInfo(device, persistent);
    }
}
