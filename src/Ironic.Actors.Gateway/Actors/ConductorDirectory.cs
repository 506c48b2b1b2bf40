using Ironic.Actors.Protocol.Conductors;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// The conductors one gateway knows, by hostname: those registered in the database and those that answered. Ironic keeps
/// offline conductors listed with <c>alive=false</c>; here a conductor that is registered (or answered before) but did not
/// answer this time is listed the same way.
/// </summary>
public sealed class ConductorDirectory
{
    private readonly Dictionary<string, ConductorStatus> _known = new(StringComparer.Ordinal);

    /// <summary>Records the answers of one round and returns every known conductor, ordered by hostname.</summary>
    public IReadOnlyList<ConductorStatus> Update(
        IEnumerable<ConductorMessages.ConductorInfo> answered, IEnumerable<ConductorMessages.ConductorInfo> registered, DateTimeOffset now)
    {
        foreach (var info in registered)
            if (!_known.ContainsKey(info.Hostname))
                _known[info.Hostname] = new ConductorStatus(info, false, info.StartedAt);
        var alive = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in answered)
        {
            alive.Add(info.Hostname);
            _known[info.Hostname] = new ConductorStatus(info, true, now);
        }
        foreach (var (host, status) in _known.ToList())
            if (!alive.Contains(host) && status.Alive)
                _known[host] = status with { Alive = false };
        return _known.Values.OrderBy(s => s.Info.Hostname, StringComparer.Ordinal).ToList();
    }
}
