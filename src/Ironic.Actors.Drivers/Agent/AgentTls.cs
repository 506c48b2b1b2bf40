using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Agent;

/// <summary>
/// How the conductor checks an https agent's certificate (Ironic's <c>AgentClient._get_verify</c>): against the system's
/// trusted authorities (<see cref="System"/>), not at all (<see cref="Insecure"/>), or against the CAs of one file only
/// (<see cref="CaFile"/> set: the chain must end at one of them).
/// </summary>
public sealed record AgentTls(bool Verify, string? CaFile)
{
    public static readonly AgentTls System = new(true, null);
    public static readonly AgentTls Insecure = new(false, null);

    /// <summary>The agent's own CA first (<c>driver_internal_info.agent_verify_ca</c>, the path saved at its heartbeat),
    /// then <c>driver_info.agent_verify_ca</c>, then <see cref="AgentOptions.VerifyCa"/>: a boolean, or the path of a CA
    /// file. Anything else is refused with Ironic's words.</summary>
    public static AgentTls For(Node node, AgentOptions options)
    {
        // False is a value: only a missing key falls through.
        var value = Setting(node.DriverInternalInfo) ?? Setting(node.DriverInfo) ?? JsonValue.Create(options.VerifyCa);
        if (value is JsonValue v && v.TryGetValue<bool>(out var flag))
            return flag ? System : Insecure;
        var text = value.ToString();
        if (StrictBool(text) is { } parsed)
            return parsed ? System : Insecure;
        if (!File.Exists(text) && !Directory.Exists(text))
            throw new DriverException($"Agent CA {text} is neither a path nor a boolean");
        return new AgentTls(true, text);
    }

    private static JsonNode? Setting(JsonObject info) =>
        info.TryGetPropertyValue("agent_verify_ca", out var node) && node is not null ? node : null;

    /// <summary>oslo's <c>bool_from_string(strict=True)</c>: these words only, any case; null for anything else.</summary>
    private static bool? StrictBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "1" or "t" or "true" or "on" or "y" or "yes" => true,
        "0" or "f" or "false" or "off" or "n" or "no" => false,
        _ => null,
    };

    /// <summary>The certificates of <see cref="CaFile"/> (a PEM file, or a directory of them).</summary>
    internal X509Certificate2Collection LoadAnchors()
    {
        var anchors = new X509Certificate2Collection();
        var files = Directory.Exists(CaFile) ? Directory.GetFiles(CaFile!) : [CaFile!];
        foreach (var file in files)
        {
            try
            {
                anchors.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is global::System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new DriverException($"Could not read the agent CA {file}: {e.Message}", e);
            }
        }
        return anchors;
    }

    /// <summary>
    /// The check of the agent's certificate against <paramref name="anchors"/> only: the host name must match and the
    /// chain must be built up to one of them. A refusal throws <see cref="AgentCertificateException"/>, whose message
    /// ends up in the node's <c>last_error</c> (TLS falls at the handshake, before any command).
    /// </summary>
    internal static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection anchors) =>
        (_, certificate, chain, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                throw new AgentCertificateException("certificate verify failed: the agent presented no certificate");
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                throw new AgentCertificateException("certificate verify failed: the agent's certificate does not name the host of its callback URL");
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(anchors);
            if (chain is not null)
                foreach (var element in chain.ChainElements)
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            if (custom.Build(leaf))
                return true;
            var status = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            throw new AgentCertificateException(
                $"certificate verify failed: {status} (the agent's certificate \"{leaf.Subject}\" is not signed by the CA the conductor trusts for it)");
        };

    /// <summary>Accepts any certificate (<c>agent_verify_ca</c> false).</summary>
    internal static readonly RemoteCertificateValidationCallback TrustAll = (_, _, _, _) => true;
}

/// <summary>The agent's TLS certificate was refused.</summary>
public sealed class AgentCertificateException(string message) : AuthenticationException(message);
