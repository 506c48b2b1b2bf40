using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Requests;

/// <summary>
/// Ironic's forms of identifiers (UUIDs, logical names, MAC addresses) for those that speak only the protocol (the
/// gateway, for path segments and query arguments). The rules are the domain's, so an identifier in a path reads
/// as the same identifier in a body.
/// </summary>
public static class Identifiers
{
    /// <summary>A UUID for something created without one (<see cref="NewUuids"/>).</summary>
    public static Guid NewUuid() => NewUuids.Next();

    /// <summary>The canonical (lower case, hyphenated) form of a UUID-like text, or null.</summary>
    public static string? NormalizeUuid(string value) => FieldRules.NormalizeUuid(value);

    /// <summary>Ironic's uuidutils.is_uuid_like.</summary>
    public static bool IsUuidLike(string value) => FieldRules.IsUuidLike(value);

    /// <summary>A valid logical name (Ironic's API 1.10+ names) that is not UUID-like.</summary>
    public static bool IsLogicalName(string value) => FieldRules.IsLogicalName(value);

    /// <summary>A MAC address in Ironic's stored form (lower case), or null when it is not one.</summary>
    public static string? NormalizeMac(string value) => MacAddress.Normalize(value);

    /// <summary>Ironic's 400 for a value that is not a MAC address.</summary>
    public static string InvalidMac(string field, string value) => MacAddress.Invalid(field, value);
}
