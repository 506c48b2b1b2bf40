using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Volumes;

/// <summary>
/// What Ironic 21.4's <c>cinder</c> storage interface checks when a node is validated, without talking to Cinder: the
/// node's connectors (iSCSI needs an iPXE-capable boot interface; Fibre Channel needs as many wwpn as wwnn entries), its
/// <c>iscsi_boot</c>/<c>fibre_channel_boot</c> capabilities against the connectors, and each target's type against the
/// connectors and capabilities. Pure: why validation fails (Ironic's words), or null.
/// </summary>
/// <param name="Reason">Ironic's message.</param>
/// <param name="StorageError">
/// True for the wwpn/wwnn mismatch, which Ironic raises as a StorageError rather than an invalid parameter: its validate
/// output then reports it as an unexpected exception on the conductor.
/// </param>
public sealed record CinderRefusal(string Reason, bool StorageError = false);

/// <summary>The checks of Ironic's cinder storage interface (see <see cref="Validate"/>).</summary>
public static class CinderStorageRules
{
    private static readonly string[] IscsiTypes = ["iqn"];
    private static readonly string[] FibreChannelTypes = ["wwpn", "wwnn"];

    /// <param name="bootSupportsIpxe">Whether the node's boot interface has Ironic's <c>ipxe_boot</c> capability.</param>
    public static CinderRefusal? Validate(Node node, IEnumerable<VolumeConnector> connectors, IEnumerable<VolumeTarget> targets, bool bootSupportsIpxe)
    {
        CinderRefusal Fail(string reason, bool storageError = false) =>
            new($"Failed to validate cinder storage interface for node {node.Uuid}. {reason}", storageError);

        var ordered = connectors.OrderBy(c => c.CreatedAt).ThenBy(c => c.Uuid).ToList();
        var iscsiFound = false;
        int wwpn = 0, wwnn = 0;
        foreach (var connector in ordered)
        {
            if (IscsiTypes.Contains(connector.Type))
            {
                iscsiFound = true;
                if (!bootSupportsIpxe)
                    return Fail("The [pxe]/ipxe_enabled option must be set to True or the boot interface must be set to ``ipxe`` " +
                                "to support network booting to an iSCSI volume.");
            }
            if (connector.Type == "wwpn") wwpn++;
            if (connector.Type == "wwnn") wwnn++;
        }
        if (wwpn != wwnn)
            return Fail("Cinder requires both wwnn and wwpn entries for FCoE connections. There must be a wwpn entry for every " +
                        $"wwnn entry. There are {wwpn} wwpn entries and {wwnn} wwnn entries.", storageError: true);
        var fcFound = wwpn >= 1;

        var iscsiBoot = Capability(node, "iscsi_boot");
        var fcBoot = Capability(node, "fibre_channel_boot");
        if (iscsiBoot && !iscsiFound)
            return Fail("In order to enable the 'iscsi_boot' capability for the node, an associated volume_connector type must be " +
                        $"valid for iSCSI ({string.Join(", ", IscsiTypes)}).");
        if (fcBoot && !fcFound)
            return Fail("In order to enable the 'fibre_channel_boot' capability for the node, an associated volume_connector type " +
                        $"must be valid for Fibre Channel ({string.Join(", ", FibreChannelTypes)}).");

        foreach (var target in targets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Uuid))
        {
            switch (target.VolumeType)
            {
                case "fibre_channel":
                    if (!fcBoot && target.BootIndex == 0)
                        return Fail($"Volume target {target.Uuid} is configured for 'fibre_channel', however the capability " +
                                    "'fibre_channel_boot' is not set on node.");
                    if (!fcFound)
                        return Fail($"Volume target {target.Uuid} is configured for 'fibre_channel', however no Fibre Channel " +
                                    "WWPNs are configured for the node volume connectors.");
                    break;
                case "iscsi":
                    if (!iscsiBoot && target.BootIndex == 0)
                        return Fail($"Volume target {target.Uuid} is configured for 'iscsi', however the capability 'iscsi_boot' " +
                                    "is not set for the node.");
                    if (!iscsiFound)
                        return Fail($"Volume target {target.Uuid} is configured for 'iscsi', however no iSCSI connectors are " +
                                    "configured for the node.");
                    break;
                default:
                    return Fail($"Volume target {target.Uuid} is of an unknown type '{target.VolumeType}'. " +
                                "Supported types: 'iscsi' or 'fibre_channel'");
            }
        }
        return null;
    }

    /// <summary>
    /// A node capability read as oslo's lenient <c>bool_from_string</c> does (Ironic's <c>get_node_capability</c>): the
    /// <c>properties.capabilities</c> string "k1:v1,k2:v2" (or a dict), true for 1/t/true/on/y/yes.
    /// </summary>
    public static bool Capability(Node node, string name)
    {
        string? value = null;
        switch (node.Properties["capabilities"])
        {
            case JsonObject dict:
                value = dict[name] is { } v ? PythonText.Str(v) : null;
                break;
            case JsonValue text when text.TryGetValue<string>(out var s):
                foreach (var pair in s.Split(','))
                {
                    var kv = pair.Split(':', 2);
                    if (kv.Length == 2 && kv[0] == name)
                        value = kv[1];
                }
                break;
        }
        return value?.Trim().ToLowerInvariant() is "1" or "t" or "true" or "on" or "y" or "yes";
    }
}
