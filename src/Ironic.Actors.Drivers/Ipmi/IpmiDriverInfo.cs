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
    /// The driver_info keys <see cref="TryParse"/> reads, each described in our words and ending, like Ironic's, with
    /// whether it must be set: "Required.", "Optional.", or the condition under which it is required.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["ipmi_address"] = "Hostname or IP address of the node's BMC. Required.",
        ["ipmi_port"] = "UDP port of the BMC's RMCP service (1 to 65535, ipmitool -p); ipmitool's own default when not set. Optional.",
        ["ipmi_username"] = "User to log in to the BMC as; the anonymous (NULL) user when not set. Optional.",
        ["ipmi_password"] = "Password of that user; it reaches ipmitool in a private temporary file, never on its command line. Optional.",
        ["ipmi_priv_level"] = $"Privilege level asked of the BMC: {string.Join(", ", PrivilegeLevels)}; ADMINISTRATOR when not set. Optional.",
        ["ipmi_protocol_version"] = "IPMI version spoken: \"2.0\" (ipmitool -I lanplus, when not set) or \"1.5\" (-I lan). Optional.",
        ["ipmi_cipher_suite"] = "Number of the IPMI 2.0 cipher suite to use (ipmitool -C), 3 or 17 in practice; ipmitool chooses when not set. Only with protocol version 2.0. Optional.",
        ["ipmi_hex_kg_key"] = "The BMC key (Kg) of IPMI 2.0 sessions, as an even number of hexadecimal digits (ipmitool -y). Optional.",
        ["ipmi_bridging"] = "How requests reach a BMC behind another controller: \"no\" (when not set), \"single\" or \"dual\" bridging. Optional.",
        ["ipmi_local_address"] = "Local IPMB address of bridged requests (ipmitool -m); read only when ipmi_bridging is \"single\" or \"dual\". Optional.",
        ["ipmi_transit_channel"] = "Transit channel of doubly bridged requests (ipmitool -B). Required when ipmi_bridging is \"dual\".",
        ["ipmi_transit_address"] = "Transit address of doubly bridged requests (ipmitool -T). Required when ipmi_bridging is \"dual\".",
        ["ipmi_target_channel"] = "Channel of the bridged requests' destination (ipmitool -b). Required when ipmi_bridging is \"single\" or \"dual\".",
        ["ipmi_target_address"] = "Address of the bridged requests' destination (ipmitool -t). Required when ipmi_bridging is \"single\" or \"dual\".",
        ["ipmi_disable_boot_timeout"] = "Whether setting a boot device also sends the raw IPMI command that stops the BMC from forgetting it after 60 seconds; [ipmi]disable_boot_timeout (true) when not set. Optional.",
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
