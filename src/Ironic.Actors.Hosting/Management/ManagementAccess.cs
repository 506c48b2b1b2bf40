using System.Security.Cryptography;
using System.Text;

namespace Ironic.Actors.Hosting.Management;

/// <summary>Whether a leave or down request may go ahead, and if not, why (the 403 message).</summary>
public sealed record ManagementDecision(bool Allowed, string? Reason)
{
    public static readonly ManagementDecision Allow = new(true, null);
}

/// <summary>
/// The rule for the management endpoint's changing requests (leave, down); reads need nothing.
/// A configured secret is always required. Without one, a loopback-only endpoint is open (whoever can reach it is
/// on the machine) and an endpoint listening beyond loopback refuses leave and down altogether.
/// </summary>
public static class ManagementAccess
{
    /// <summary>The header that carries the secret.</summary>
    public const string SecretHeader = "X-Ironic-Management-Secret";

    public static ManagementDecision Decide(bool loopbackOnly, string? configuredSecret, string? givenSecret)
    {
        if (string.IsNullOrEmpty(configuredSecret))
            return loopbackOnly
                ? ManagementDecision.Allow
                : new ManagementDecision(false,
                    "Leave and down are refused: this member's management endpoint listens beyond loopback and has no secret; " +
                    $"configure {ManagementOptions.Section}:Secret.");
        if (string.IsNullOrEmpty(givenSecret))
            return new ManagementDecision(false,
                $"Leave and down need this member's management secret: send header {SecretHeader} (--secret or IRONIC_CMD_SECRET).");
        return SecretsMatch(configuredSecret, givenSecret)
            ? ManagementDecision.Allow
            : new ManagementDecision(false, $"The management secret given does not match this member's {ManagementOptions.Section}:Secret.");
    }

    /// <summary>Constant-time comparison; hashing first makes the time independent of the lengths too.</summary>
    private static bool SecretsMatch(string configured, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
