using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// A node's Redfish access parameters, parsed and checked from <c>driver_info</c> with Ironic's rules and
/// messages (<c>redfish.utils.parse_driver_info</c>). Parsing never contacts the BMC.
/// </summary>
public sealed record RedfishDriverInfo
{
    /// <summary>
    /// The driver_info keys <see cref="TryParse"/> reads, described in Ironic 21.4's words (GET /v1/drivers/redfish/properties
    /// returns them, unevenly punctuated as Ironic's are).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["redfish_address"] = "The URL address to the Redfish controller. It must include the authority portion of the URL. If the " +
                              "scheme is missing, https is assumed. For example: https://mgmt.vendor.com. If a path is added, it will " +
                              "be used as the API endpoint root_prefix. Required",
        ["redfish_system_id"] = "The canonical path to the ComputerSystem resource that the driver will interact with. It should " +
                                "include the root service, version and the unique resource path to a ComputerSystem within the same " +
                                "authority as the redfish_address property. For example: /redfish/v1/Systems/1. This property is only " +
                                "required if target BMC manages more than one ComputerSystem. Otherwise ironic will pick the only " +
                                "available ComputerSystem automatically.",
        ["redfish_username"] = "User account with admin/server-profile access privilege. Although this property is not mandatory it's " +
                               "highly recommended to set a username. Optional",
        ["redfish_password"] = "User account password. Although this property is not mandatory, it's highly recommended to set a " +
                               "password. Optional",
        ["redfish_verify_ca"] = "Either a Boolean value, a path to a CA_BUNDLE file or directory with certificates of trusted CAs. If " +
                                "set to True the driver will verify the host certificates; if False the driver will ignore verifying " +
                                "the SSL certificate. If it's a path the driver will use the specified certificate or one of the " +
                                "certificates in the directory. Defaults to True. Optional",
        ["redfish_auth_type"] = "Redfish HTTP client authentication method. Can be \"basic\", \"session\" or \"auto\". If not set, the " +
                                "default value is taken from Ironic configuration as ``[redfish]auth_type`` option.",
    };

    /// <summary>The node the parameters belong to (for messages).</summary>
    public required Guid NodeUuid { get; init; }

    /// <summary>Scheme and authority, e.g. https://10.0.0.1:8000 (no trailing slash).</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Service root path, "/redfish/v1/" unless redfish_address carries a path.</summary>
    public required string RootPath { get; init; }

    /// <summary>The system's path (redfish_system_id), or null to use the only system.</summary>
    public string? SystemId { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>False to accept any server certificate for this node.</summary>
    public bool VerifyCa { get; init; } = true;

    /// <summary>A CA bundle file or directory to trust instead of the system store (null: system store).</summary>
    public string? CaPath { get; init; }
    public string AuthType { get; init; } = "auto";

    public static RedfishDriverInfo Parse(Node node)
    {
        var (info, error, missing) = TryParse(node);
        if (info is not null)
            return info;
        throw missing ? DriverException.MissingParameter(error!) : DriverException.InvalidParameter(error!);
    }

    public static (RedfishDriverInfo? Info, string? Error, bool Missing) TryParse(Node node)
    {
        var di = node.DriverInfo;
        var address = DriverInfoValues.GetText(di, "redfish_address");
        if (address is null)
            return (null, $"Missing the following Redfish properties in node {node.Uuid} driver_info: ['redfish_address']", true);

        var candidate = address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(uri.Host) || address.Any(char.IsWhiteSpace))
            return (null, $"Invalid Redfish address {address} set in driver_info/redfish_address on node {node.Uuid}", false);
        var root = uri.AbsolutePath is "" or "/" ? "/redfish/v1/" : uri.AbsolutePath.TrimEnd('/') + "/";

        string? systemId = null;
        if (di.TryGetPropertyValue("redfish_system_id", out var systemNode) && systemNode is not null)
        {
            systemId = DriverInfoValues.GetText(di, "redfish_system_id");
            if (systemId is null || systemNode.GetValueKind() != System.Text.Json.JsonValueKind.String)
                return (null, $"Invalid value \"{systemNode.ToJsonString()}\" set in driver_info/redfish_system_id on node {node.Uuid}. " +
                    "The value should be a path (string) to the resource that the driver will interact with. For example: /redfish/v1/Systems/1", false);
        }

        var verify = true;
        string? caPath = null;
        if (di.TryGetPropertyValue("redfish_verify_ca", out var verifyNode) && verifyNode is not null)
        {
            var text = DriverInfoValues.GetText(di, "redfish_verify_ca");
            var kind = verifyNode.GetValueKind();
            if (kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
                verify = kind == System.Text.Json.JsonValueKind.True;
            else if (kind == System.Text.Json.JsonValueKind.String && text is not null && (File.Exists(text) || Directory.Exists(text)))
                caPath = text;
            else if (kind != System.Text.Json.JsonValueKind.String || !DriverInfoValues.TryParseBool(text, out verify))
                return (null, $"Invalid value type set in driver_info/redfish_verify_ca on node {node.Uuid}. " +
                    $"The value should be a Boolean or the path to a file/directory, not \"{text ?? verifyNode.ToJsonString()}\"", false);
        }

        var authType = DriverInfoValues.GetText(di, "redfish_auth_type") ?? "auto";
        if (authType is not ("basic" or "session" or "auto"))
            return (null, $"Invalid value \"{authType}\" set in driver_info/redfish_auth_type on node {node.Uuid}. " +
                "The value should be one of \"basic\", \"session\" or \"auto\".", false);

        return (new RedfishDriverInfo
        {
            NodeUuid = node.Uuid,
            BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority)),
            RootPath = root,
            SystemId = systemId,
            Username = DriverInfoValues.GetText(di, "redfish_username"),
            Password = DriverInfoValues.GetText(di, "redfish_password"),
            VerifyCa = verify,
            CaPath = caPath,
            AuthType = authType,
        }, null, false);
    }
}
