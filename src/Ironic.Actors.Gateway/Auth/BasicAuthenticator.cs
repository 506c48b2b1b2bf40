using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ironic.Actors.Gateway.Auth;

/// <summary>The answer to a user name and password.</summary>
public enum AuthOutcome
{
    Authenticated,

    /// <summary>Unknown user, wrong password, or a user whose line in the file is unusable (not bcrypt).</summary>
    Refused,

    /// <summary>The auth user file is missing or unreadable right now.</summary>
    UserFileUnavailable,
}

/// <summary>
/// Checks a user name and password against the auth user file's bcrypt hashes, remembering successes for a while
/// (<see cref="VerifiedCredentialCache"/>). An unknown user costs a bcrypt check too, so that response times do not
/// tell which user names exist. Passwords are never logged.
/// </summary>
public sealed class BasicAuthenticator
{
    private readonly HtpasswdUserStore _users;
    private readonly VerifiedCredentialCache _cache;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, string> _decoys = new();

    public BasicAuthenticator(HtpasswdUserStore users, VerifiedCredentialCache cache, ILogger<BasicAuthenticator>? logger = null)
    {
        _users = users;
        _cache = cache;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public AuthOutcome Check(string user, string password)
    {
        var file = _users.Current.File;
        if (file is null)
            return AuthOutcome.UserFileUnavailable;

        if (!file.TryGetHash(user, out var hash))
        {
            // Spend what a real check costs, then refuse.
            _ = Matches(password, Decoy(file.FirstCost ?? 10));
            _logger.LogInformation("HTTP basic auth: user {User} not found (or unusable) in the auth user file", Printable(user));
            return AuthOutcome.Refused;
        }

        if (_cache.IsVerified(user, password, hash))
            return AuthOutcome.Authenticated;
        if (!Matches(password, hash))
        {
            _logger.LogInformation("HTTP basic auth: wrong password for user {User}", Printable(user));
            return AuthOutcome.Refused;
        }

        _cache.Remember(user, password, hash);
        return AuthOutcome.Authenticated;
    }

    /// <summary>bcrypt check; a hash BCrypt.Net cannot parse counts as no match.</summary>
    public static bool Matches(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (Exception e) when (e is BCrypt.Net.SaltParseException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A user name as sent by the client, made safe for one log line.</summary>
    private static string Printable(string user)
    {
        var shown = user.Length > 64 ? user[..64] + "..." : user;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    private string Decoy(int cost) =>
        _decoys.GetOrAdd(Math.Clamp(cost, 4, 14), c => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString("N"), c));
}
