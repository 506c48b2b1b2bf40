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
    /// The driver_info keys <see cref="TryParse"/> reads, each described in our words and ending, like Ironic's, with
    /// whether it must be set ("Required." or "Optional.").
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Properties = new Dictionary<string, string>
    {
        ["redfish_address"] = "URL of the BMC's Redfish service, e.g. https://bmc.example.com; https when no scheme is given, and a path, when given, replaces the service root /redfish/v1/. Required.",
        ["redfish_system_id"] = "Path of the ComputerSystem resource to manage, e.g. /redfish/v1/Systems/1; needed only when the BMC manages more than one system, otherwise its only system is used. Optional.",
        ["redfish_username"] = "User to authenticate to the BMC as; strongly advised. Optional.",
        ["redfish_password"] = "Password of that user; strongly advised. Optional.",
        ["redfish_verify_ca"] = "true (when not set) to check the BMC's TLS certificate against the system's trusted authorities, false not to check it, or the path of a CA bundle file or directory of certificates to check it against. Optional.",
        ["redfish_auth_type"] = "How to authenticate: \"basic\", \"session\" or \"auto\" (a session, falling back to basic); [redfish]auth_type when not set. Optional.",
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
