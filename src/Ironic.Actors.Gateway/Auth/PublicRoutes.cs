namespace Ironic.Actors.Gateway.Auth;

/// <summary>
/// The routes Ironic serves without authentication whatever its auth strategy: <c>/</c>, <c>/v1</c>,
/// <c>/v1/lookup</c> and <c>/v1/heartbeat/&lt;node&gt;</c> (the ramdisk agent's calls). As in Ironic the test is on
/// the path alone (any method): trailing slashes are ignored, as is a <c>.json</c> or <c>.xml</c> suffix, and the
/// heartbeat's node must be lower-case letters, digits and dashes.
/// </summary>
public static class PublicRoutes
{
    public static bool IsPublic(string? path)
    {
        var trimmed = (path ?? "").TrimEnd('/');
        if (trimmed.EndsWith(".json", StringComparison.Ordinal) || trimmed.EndsWith(".xml", StringComparison.Ordinal))
            trimmed = trimmed[..trimmed.LastIndexOf('.')];
        if (trimmed is "" or "/" or "/v1" or "/v1/lookup")
            return true;

        const string heartbeat = "/v1/heartbeat/";
        if (!trimmed.StartsWith(heartbeat, StringComparison.Ordinal) || trimmed.Length == heartbeat.Length)
            return false;
        foreach (var c in trimmed.AsSpan(heartbeat.Length))
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        }

        return true;
    }
}
