namespace Ironic.Actors.Conductor.Agent;

/// <summary>
/// Saves the CA an agent sends with its heartbeat (<c>agent_verify_ca</c>, PEM) as <c>&lt;directory&gt;/&lt;node uuid&gt;.crt</c>
/// (Ironic's <c>store_agent_certificate</c>), so that this conductor's agent client can trust that CA, and only it, for
/// the node's agent. A node that has a saved CA whose file is here keeps it: a heartbeat with another CA is refused
/// (<see cref="Stored.Changed"/>). A saved path whose file is not here (another conductor saved it: a takeover) is
/// replaced by this conductor's own copy.
/// </summary>
public sealed class AgentCertificateStore(string directory)
{
    /// <summary>Where the certificates go (<c>[agent]certificates_path</c>).</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>What became of the CA: where it is (<paramref name="Path"/>), or refused because it changed.</summary>
    public sealed record Stored(string? Path, bool Changed);

    /// <summary>
    /// Saves <paramref name="pem"/> for <paramref name="node"/>, or checks it against <paramref name="savedPath"/>
    /// (the node's <c>driver_internal_info.agent_verify_ca</c>). IO failures are thrown.
    /// </summary>
    public async Task<Stored> StoreAsync(Guid node, string? savedPath, string pem, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(savedPath) && File.Exists(savedPath))
        {
            var existing = await File.ReadAllTextAsync(savedPath, ct).ConfigureAwait(false);
            return existing.Trim() == pem.Trim() ? new Stored(savedPath, false) : new Stored(null, true);
        }
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{node}.crt");
        await File.WriteAllTextAsync(path, pem, ct).ConfigureAwait(false);
        return new Stored(path, false);
    }
}
