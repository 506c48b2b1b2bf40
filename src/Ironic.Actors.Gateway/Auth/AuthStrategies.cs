namespace Ironic.Actors.Gateway.Auth;

/// <summary>The values of <see cref="GatewayOptions.AuthStrategy"/> (Ironic's <c>[DEFAULT]auth_strategy</c> in standalone mode).</summary>
public static class AuthStrategies
{
    /// <summary>No authentication: every request is served.</summary>
    public const string NoAuth = "noauth";

    /// <summary>HTTP Basic authentication against an Apache htpasswd file of bcrypt hashes.</summary>
    public const string HttpBasic = "http_basic";

    /// <summary>Ironic's default, which needs a Keystone service; not offered here.</summary>
    public const string Keystone = "keystone";

    /// <summary>The realm of the <c>WWW-Authenticate</c> challenge, as Ironic sends it.</summary>
    public const string Realm = "Baremetal API";

    /// <summary>The <c>WWW-Authenticate</c> value of a 401 answer.</summary>
    public const string Challenge = "Basic realm=\"" + Realm + "\"";

    /// <summary>Null when <paramref name="strategy"/> is supported, else why not.</summary>
    public static string? Problem(string? strategy) => strategy switch
    {
        NoAuth or HttpBasic => null,
        Keystone => $"Ironic:Gateway:AuthStrategy '{Keystone}' is not available (there is no Keystone integration); " +
                    $"use '{NoAuth}' or '{HttpBasic}'.",
        _ => $"Ironic:Gateway:AuthStrategy '{strategy}' is not supported; use '{NoAuth}' or '{HttpBasic}'.",
    };
}
