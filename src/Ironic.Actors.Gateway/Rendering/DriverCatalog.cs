using Ironic.Actors.Gateway.Actors;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>One hardware type as the drivers API shows it, merged over the alive conductors offering it.</summary>
public sealed record DriverEntry(
    string Name,
    IReadOnlyList<string> Hosts,
    IReadOnlyDictionary<string, string?> DefaultInterfaces,
    IReadOnlyDictionary<string, IReadOnlyList<string>> EnabledInterfaces,
    IReadOnlyDictionary<string, string> Properties);

/// <summary>Builds the drivers API's view from what the conductors say about themselves.</summary>
public static class DriverCatalog
{
    /// <summary>Hardware types of alive conductors, by name; hosts, enabled interfaces and properties are unions.</summary>
    public static IReadOnlyList<DriverEntry> FromConductors(IEnumerable<ConductorStatus> conductors)
    {
        var byName = new SortedDictionary<string, Builder>(StringComparer.Ordinal);
        foreach (var conductor in conductors.Where(c => c.Alive))
            foreach (var type in conductor.Info.HardwareTypes)
            {
                if (!byName.TryGetValue(type.Name, out var builder))
                    byName[type.Name] = builder = new Builder(type.Name);
                builder.Add(conductor.Info.Hostname, type);
            }
        return byName.Values.Select(b => b.Build()).ToList();
    }

    private sealed class Builder(string name)
    {
        private readonly SortedSet<string> _hosts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _defaults = new();
        private readonly Dictionary<string, List<string>> _enabled = new();
        private readonly SortedDictionary<string, string> _properties = new(StringComparer.Ordinal);

        public void Add(string host, Protocol.Conductors.ConductorMessages.HardwareTypeInfo type)
        {
            _hosts.Add(host);
            foreach (var (iface, implementation) in type.DefaultInterfaces)
                if (!_defaults.TryGetValue(iface, out var known) || known is null)
                    _defaults[iface] = implementation;
            foreach (var (iface, implementations) in type.EnabledInterfaces)
            {
                if (!_enabled.TryGetValue(iface, out var list))
                    _enabled[iface] = list = [];
                list.AddRange(implementations.Where(i => !list.Contains(i)));
            }
            foreach (var (key, description) in type.Properties)
                _properties.TryAdd(key, description);
        }

        public DriverEntry Build() => new(
            name, _hosts.ToList(), _defaults,
            _enabled.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value), _properties);
    }
}
