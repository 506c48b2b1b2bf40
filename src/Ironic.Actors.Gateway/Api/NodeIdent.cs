using System.Text.RegularExpressions;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Protocol.Requests;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Ironic's node lookup rule: a UUID-shaped ident is a UUID; from 1.5 a valid logical name is a name and
/// anything else is 400; before 1.5 names do not exist, so a non-UUID is simply not found (404).
/// </summary>
public static partial class NodeIdent
{
    /// <summary>Sub-resource words that, in the node position of a URL, name no node (404).</summary>
    private static readonly HashSet<string> SubResources =
        ["ports", "portgroups", "vifs", "volume", "traits", "bios", "allocation", "history", "inventory"];

    /// <summary>Names before 1.10 had to be host names: dot-separated labels of lower-case letters, digits and '-'.</summary>
    [GeneratedRegex("^(?=.{1,255}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex HostName();

    /// <summary>Null when <paramref name="ident"/> may be looked up at <paramref name="version"/>, else the error.</summary>
    public static ApiError? Check(string ident, ApiVersion version)
    {
        if (Identifiers.IsUuidLike(ident))
            return null;
        if (SubResources.Contains(ident))
            return ApiError.NotFound(Messages.ResourceNotFound);
        if (!version.AtLeast(Versions.NodeNames))
            return ApiError.NotFound(Messages.NodeNotFound(ident));
        var valid = version.AtLeast(Versions.LogicalNames) ? Identifiers.IsLogicalName(ident) : HostName().IsMatch(ident);
        return valid ? null : ApiError.BadRequest(Messages.InvalidUuidOrName(ident));
    }
}
