using System.Globalization;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// A node's IPMI access parameters, parsed and checked from <c>driver_info</c> with Ironic's rules
/// (<c>ipmitool._parse_driver_info</c>). Parsing never contacts the BMC.
/// </summary>
public sealed record IpmiDriverInfo
{
    public static readonly IReadOnlyList<string> PrivilegeLevels = ["ADMINISTRATOR", "CALLBACK", "OPERATOR", "USER"];
    public static readonly IReadOnlyList<string> ProtocolVersions = ["2.0", "1.5"];
    public static readonly IReadOnlyList<string> BridgingTypes = ["no", "single", "dual"];

    /// <summary>
    /// The driver_info keys <see cref="TryParse"/> reads, described in Ironic 21.4's words (GET /v1/drivers/ipmi/properties
    /// returns them). Ironic's ipmi_force_boot_device is left out: nothing here reads it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["ipmi_address"] = "IP address or hostname of the node. Required.",
        ["ipmi_password"] = "password. Optional.",
        ["ipmi_hex_kg_key"] = "Kg key for IPMIv2 authentication. The key is expected in hexadecimal format. Optional.",
        ["ipmi_port"] = "remote IPMI RMCP port. Optional.",
        ["ipmi_priv_level"] = $"privilege level; default is ADMINISTRATOR. One of {string.Join(", ", PrivilegeLevels)}. Optional.",
        ["ipmi_username"] = "username; default is NULL user. Optional.",
        ["ipmi_bridging"] = "bridging_type; default is \"no\". One of \"single\", \"dual\", \"no\". Optional.",
        ["ipmi_transit_channel"] = "transit channel for bridged request. Required only if ipmi_bridging is set to \"dual\".",
        ["ipmi_transit_address"] = "transit address for bridged request. Required only if ipmi_bridging is set to \"dual\".",
        ["ipmi_target_channel"] = "destination channel for bridged request. Required only if ipmi_bridging is set to \"single\" or \"dual\".",
        ["ipmi_target_address"] = "destination address for bridged request. Required only if ipmi_bridging is set to \"single\" or \"dual\".",
        ["ipmi_local_address"] = "local IPMB address for bridged requests. Used only if ipmi_bridging is set to \"single\" or \"dual\". Optional.",
        ["ipmi_protocol_version"] = "the version of the IPMI protocol; default is \"2.0\". One of \"1.5\", \"2.0\". Optional.",
        ["ipmi_disable_boot_timeout"] = "By default ironic will send a raw IPMI command to disable the 60 second timeout for booting. " +
                                        "Setting this option to False will NOT send that command on this node. The [ipmi]disable_boot_timeout " +
                                        "will be used if this option is not set. Optional.",
        ["ipmi_cipher_suite"] = "The number of a cipher suite to use. Only 3 (AES-128 with SHA1) or 17 (AES-128 with SHA256) should ever " +
                                "be used; 17 is preferred. The default value depends on the ipmitool version, some recent versions have " +
                                "switched from 3 to 17.",
    };

    public required string Address { get; init; }
    public int? Port { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string PrivilegeLevel { get; init; } = "ADMINISTRATOR";
    public string ProtocolVersion { get; init; } = "2.0";
    public int? CipherSuite { get; init; }
    public string? HexKgKey { get; init; }
    public string Bridging { get; init; } = "no";
    public string? LocalAddress { get; init; }
    public string? TransitChannel { get; init; }
    public string? TransitAddress { get; init; }
    public string? TargetChannel { get; init; }
    public string? TargetAddress { get; init; }
    public bool? DisableBootTimeout { get; init; }

    /// <summary>The key commands to one BMC are serialised and spaced on.</summary>
    public string BmcKey => Port is { } port ? $"{Address}:{port}" : Address;

    /// <summary>Parses the node's driver_info; throws a 400 <see cref="DriverException"/> with Ironic's wording when it is unusable.</summary>
    public static IpmiDriverInfo Parse(Node node)
    {
        var (info, error) = TryParse(node);
        return info ?? throw DriverException.InvalidParameter(error!);
    }

    /// <summary>Parses the node's driver_info; on failure returns the reason instead.</summary>
    public static (IpmiDriverInfo? Info, string? Error) TryParse(Node node)
    {
        var di = node.DriverInfo;
        string? Get(string key) => DriverInfoValues.GetText(di, key);

        var address = Get("ipmi_address");
        if (address is null)
            return (null, "Missing the following IPMI credentials in node's driver_info: ['ipmi_address'].");

        int? port = null;
        if (Get("ipmi_port") is { } portText)
        {
            if (!DriverInfoValues.TryParseInt(portText, out var p))
                return (null, $"ipmi_port \"{portText}\" is not a valid integer.");
            if (p is < 1 or > 65535)
                return (null, $"ipmi_port \"{portText}\" is out of range. Valid port numbers must be between 1 and 65535.");
            port = p;
        }

        var priv = Get("ipmi_priv_level") ?? "ADMINISTRATOR";
        if (!PrivilegeLevels.Contains(priv))
            return (null, $"Invalid privilege level value:{priv}, the valid value can be one of {IronicMessages.PythonList(PrivilegeLevels)}");

        var protocol = Get("ipmi_protocol_version") ?? "2.0";
        if (!ProtocolVersions.Contains(protocol))
            return (null, $"Invalid IPMI protocol version value {protocol}, the valid value can be one of ('2.0', '1.5')");

        int? cipher = null;
        if (Get("ipmi_cipher_suite") is { } cipherText)
        {
            if (!DriverInfoValues.TryParseInt(cipherText, out var c) || c is < 0 or > 255)
                return (null, $"Invalid value \"{cipherText}\" for ipmi_cipher_suite: it must be the number of an IPMI cipher suite (e.g. 3 or 17).");
            if (protocol != "2.0")
                return (null, "ipmi_cipher_suite can only be used with ipmi_protocol_version 2.0.");
            cipher = c;
        }

        var kg = Get("ipmi_hex_kg_key");
        if (kg is not null)
        {
            if (kg.Length % 2 != 0)
                return (null, "Number of ipmi_hex_kg_key characters is not even");
            if (!kg.All(Uri.IsHexDigit))
                return (null, "ipmi_hex_kg_key must be hexadecimal.");
        }

        var bridging = Get("ipmi_bridging") ?? "no";
        if (!BridgingTypes.Contains(bridging))
            return (null, $"Parameter ipmi_bridging=\"{bridging}\" is not a valid option. Valid options are: {IronicMessages.PythonList(BridgingTypes)}");
        var required = bridging switch
        {
            "single" => new[] { "ipmi_target_channel", "ipmi_target_address" },
            "dual" => ["ipmi_transit_channel", "ipmi_transit_address", "ipmi_target_channel", "ipmi_target_address"],
            _ => [],
        };
        var missing = required.Where(k => Get(k) is null).ToList();
        if (missing.Count > 0)
            return (null, $"{IronicMessages.PythonList(missing)} is required for ipmi_bridging \"{bridging}\" (missing in node's driver_info).");

        bool? disableBootTimeout = null;
        if (Get("ipmi_disable_boot_timeout") is { } dbt)
        {
            if (!DriverInfoValues.TryParseBool(dbt, out var b))
                return (null, $"Invalid value \"{dbt}\" for ipmi_disable_boot_timeout: it must be a boolean.");
            disableBootTimeout = b;
        }

        return (new IpmiDriverInfo
        {
            Address = address,
            Port = port,
            Username = Get("ipmi_username"),
            Password = Get("ipmi_password"),
            PrivilegeLevel = priv,
            ProtocolVersion = protocol,
            CipherSuite = cipher,
            HexKgKey = kg,
            Bridging = bridging,
            LocalAddress = bridging == "no" ? null : Get("ipmi_local_address"),
            TransitChannel = bridging == "dual" ? Get("ipmi_transit_channel") : null,
            TransitAddress = bridging == "dual" ? Get("ipmi_transit_address") : null,
            TargetChannel = bridging == "no" ? null : Get("ipmi_target_channel"),
            TargetAddress = bridging == "no" ? null : Get("ipmi_target_address"),
            DisableBootTimeout = disableBootTimeout,
        }, null);
    }

    /// <summary>
    /// ipmitool's arguments before the command, password file excluded (it is added by the runner):
    /// <c>-I lanplus|lan -H addr -L priv [-p port] [-U user] [-C suite] [-y key] [bridging] -R 1 -N interval</c>.
    /// </summary>
    public IReadOnlyList<string> ConnectionArguments(int retransmitInterval)
    {
        var args = new List<string> { "-I", ProtocolVersion == "2.0" ? "lanplus" : "lan", "-H", Address, "-L", PrivilegeLevel };
        if (Port is { } port)
            args.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        if (Username is not null)
            args.AddRange(["-U", Username]);
        if (CipherSuite is { } cipher)
            args.AddRange(["-C", cipher.ToString(CultureInfo.InvariantCulture)]);
        if (HexKgKey is not null)
            args.AddRange(["-y", HexKgKey]);
        if (Bridging != "no")
        {
            if (LocalAddress is not null)
                args.AddRange(["-m", LocalAddress]);
            if (Bridging == "dual")
                args.AddRange(["-B", TransitChannel!, "-T", TransitAddress!]);
            args.AddRange(["-b", TargetChannel!, "-t", TargetAddress!]);
        }
        // Ironic does the retrying itself (use_ipmitool_retries = false): one try per ipmitool run.
        args.AddRange(["-R", "1", "-N", retransmitInterval.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }
}
