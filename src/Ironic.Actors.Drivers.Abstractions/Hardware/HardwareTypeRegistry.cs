using System.Diagnostics.CodeAnalysis;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// A conductor's hardware types and interface implementations, built once at start from
/// <see cref="HardwareOptions"/>: resolves node interfaces with Ironic's rules (spec 6.5) and hands out
/// the implementation instances. Immutable after construction, so it is safe to share between actors.
/// </summary>
/// <remarks>
/// Construction fails with an <see cref="InvalidOperationException"/> worded like Ironic's start-up
/// errors when the configuration cannot work: an empty <c>enabled_*_interfaces</c>, an enabled hardware
/// type or implementation that does not exist, no hardware type at all, or a hardware type without a
/// usable default for some interface type.
/// </remarks>
public sealed class HardwareTypeRegistry : IInterfaceResolver
{
    private readonly Dictionary<(string Type, string Name), IDriverInterface> _implementations = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _enabled = new();
    private readonly Dictionary<string, HardwareType> _hardwareTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _defaults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, IReadOnlyList<string>>> _enabledSupported = new(StringComparer.Ordinal);
    private readonly HardwareOptions _options;

    /// <summary>Builds the registry over <see cref="KnownHardwareTypes.All"/>.</summary>
    public HardwareTypeRegistry(HardwareOptions options, IEnumerable<IDriverInterface> implementations)
        : this(options, implementations, KnownHardwareTypes.All)
    {
    }

    /// <summary>Builds the registry from options, available implementations and known hardware types.</summary>
    public HardwareTypeRegistry(HardwareOptions options, IEnumerable<IDriverInterface> implementations, IEnumerable<HardwareType> knownHardwareTypes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        IndexImplementations(implementations);
        var known = IndexKnownTypes(knownHardwareTypes);

        var enabledTypes = options.GetEnabledHardwareTypes();
        // Ironic checks the interface lists first: enabled hardware types are useless without them.
        var emptyTypes = InterfaceTypes.All.Where(t => options.GetEnabledInterfaces(t).Count == 0).ToList();
        if (enabledTypes.Count > 0 && emptyTypes.Count > 0)
            throw new InvalidOperationException(IronicMessages.EmptyEnabledInterfaces(emptyTypes));

        var unknownTypes = enabledTypes.Where(t => !known.ContainsKey(t)).ToList();
        if (unknownTypes.Count > 0)
            throw new InvalidOperationException(IronicMessages.NotFoundInEntrypoint(IronicMessages.HardwareTypesEntrypoint, unknownTypes));

        foreach (var type in InterfaceTypes.All)
        {
            var names = options.GetEnabledInterfaces(type);
            var missing = names.Where(n => !_implementations.ContainsKey((type, n))).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException(IronicMessages.NotFoundInEntrypoint(InterfaceTypes.EntrypointOf(type), missing));
            _enabled[type] = names;
        }

        if (enabledTypes.Count == 0)
            throw new InvalidOperationException(IronicMessages.NoDriversLoaded());

        foreach (var name in enabledTypes)
        {
            var hardwareType = known[name];
            _hardwareTypes[name] = hardwareType;
            _defaults[name] = new Dictionary<string, string>();
            _enabledSupported[name] = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var type in InterfaceTypes.All)
            {
                var (value, error) = ComputeDefault(hardwareType, type);
                _defaults[name][type] = value ?? throw new InvalidOperationException(error);
                var supported = hardwareType.Supported(type);
                _enabledSupported[name][type] = _enabled[type].Where(supported.Contains).ToList();
            }
        }

        EnabledHardwareTypes = enabledTypes.Select(t => _hardwareTypes[t]).ToList();
    }

    /// <summary>The hardware types this conductor offers, in configuration order.</summary>
    public IReadOnlyList<HardwareType> EnabledHardwareTypes { get; }

    /// <summary>Rows for the conductor's registration: enabled+supported implementations and defaults.</summary>
    public IReadOnlyList<HardwareInterfaceEntry> HardwareInterfaces =>
        EnabledHardwareTypes.SelectMany(hw => InterfaceTypes.All.SelectMany(type =>
        {
            var names = EnabledInterfaces(hw.Name, type);
            var @default = _defaults[hw.Name][type];
            // A forced default outside the supported list (fake-hardware allows it) still gets its row.
            var all = names.Contains(@default) ? names : names.Append(@default);
            return all.Select(n => new HardwareInterfaceEntry(hw.Name, type, n, n == @default));
        })).ToList();

    /// <inheritdoc />
    public bool IsKnownDriver(string driver) => _hardwareTypes.ContainsKey(driver);

    /// <inheritdoc />
    public InterfaceResolution Resolve(string driver, IReadOnlyDictionary<string, string?> requested)
    {
        if (!_hardwareTypes.TryGetValue(driver, out var hardwareType))
            return InterfaceResolution.Fail(IronicMessages.DriverNotFound(driver));

        var chosen = new Dictionary<string, string>();
        foreach (var type in InterfaceTypes.All)
        {
            if (requested.TryGetValue(type, out var name) && name is not null)
            {
                var error = CheckCompatible(hardwareType, type, name);
                if (error is not null)
                    return InterfaceResolution.Fail(error);
                chosen[type] = name;
            }
            else
            {
                chosen[type] = _defaults[driver][type];
            }
        }
        return InterfaceResolution.Ok(NodeInterfaces.FromMap(chosen));
    }

    /// <summary>The default implementation of an interface type for a hardware type (null for an unknown driver).</summary>
    public string? DefaultInterface(string driver, string interfaceType) =>
        _defaults.TryGetValue(driver, out var byType) && byType.TryGetValue(interfaceType, out var name) ? name : null;

    /// <summary>Enabled implementations the hardware type supports, in configuration order (empty for an unknown driver).</summary>
    public IReadOnlyList<string> EnabledInterfaces(string driver, string interfaceType) =>
        _enabledSupported.TryGetValue(driver, out var byType) && byType.TryGetValue(interfaceType, out var names) ? names : [];

    /// <summary>Implementations enabled on this conductor for an interface type, whatever the hardware type.</summary>
    public IReadOnlyList<string> EnabledImplementations(string interfaceType) =>
        _enabled.TryGetValue(interfaceType, out var names) ? names : [];

    /// <summary>
    /// <c>driver_info</c> keys of the hardware type mapped to descriptions: the union over its default
    /// implementations, as Ironic's <c>GET /v1/drivers/{name}/properties</c> (empty for an unknown driver). A key two
    /// interfaces describe keeps the description of the first in <see cref="InterfaceTypes.All"/> order (boot before deploy
    /// for deploy_kernel/deploy_ramdisk): Ironic merges in an order that changes from one start to the next.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties(string driver)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!_defaults.TryGetValue(driver, out var byType))
            return result;
        foreach (var type in InterfaceTypes.All)
            foreach (var (key, description) in _implementations[(type, byType[type])].GetProperties())
                result.TryAdd(key, description);
        return result;
    }

    /// <summary>The deploy steps of the node's interfaces that are enabled here.</summary>
    public IReadOnlyList<DriverDeployStep> DeploySteps(Node node) =>
        [.. NodeInterfaces.Types
            .Select(t => TryGet(t, node.Interfaces.Get(t), out var implementation) ? implementation : null)
            .OfType<IDriverInterface>()
            .SelectMany(i => i.GetDeploySteps(node))
            .Select(s => new DriverDeployStep(s.Interface, s.Step, s.Priority, s.ArgsInfo))];

    /// <summary>The implementation instance of an enabled implementation; otherwise a 400 <see cref="DriverException"/>.</summary>
    public IDriverInterface Get(string interfaceType, string name) =>
        TryGet(interfaceType, name, out var implementation)
            ? implementation
            : throw DriverException.InvalidParameter(IronicMessages.InterfaceNotFound(interfaceType, name, EnabledImplementations(interfaceType)));

    /// <summary>Looks an enabled implementation up without throwing.</summary>
    public bool TryGet(string interfaceType, string name, [MaybeNullWhen(false)] out IDriverInterface implementation)
    {
        if (_enabled.TryGetValue(interfaceType, out var names) && names.Contains(name)
            && _implementations.TryGetValue((interfaceType, name), out var found))
        {
            implementation = found;
            return true;
        }
        implementation = null;
        return false;
    }

    /// <summary>The node's implementation of contract <typeparamref name="T"/>, e.g. <c>GetInterface&lt;IPowerInterface&gt;(node.Interfaces)</c>.</summary>
    public T GetInterface<T>(NodeInterfaces interfaces) where T : class, IDriverInterface
    {
        var type = InterfaceTypes.Of<T>();
        return (T)Get(type, interfaces.Get(type));
    }

    /// <summary>The node's power, management and boot implementations, for a deploy interface that drives them.</summary>
    public NodeDrivers DriversOf(NodeInterfaces interfaces) =>
        new(GetInterface<IPowerInterface>(interfaces), GetInterface<IManagementInterface>(interfaces), GetInterface<IBootInterface>(interfaces));

    private (string? Name, string? Error) ComputeDefault(HardwareType hardwareType, string type)
    {
        // Ironic forces storage to "noop" unless a default is configured, even where "fake" comes first.
        var forced = _options.GetDefaultInterface(type) ?? (type == InterfaceTypes.Storage ? "noop" : null);
        if (forced is not null)
        {
            var error = CheckCompatible(hardwareType, type, forced);
            return error is null ? (forced, null) : (null, error);
        }
        var first = hardwareType.Supported(type).FirstOrDefault(_enabled[type].Contains);
        return first is not null ? (first, null) : (null, IronicMessages.NoValidDefault(type, hardwareType.Name));
    }

    private string? CheckCompatible(HardwareType hardwareType, string type, string name)
    {
        if (!_enabled[type].Contains(name))
            return IronicMessages.InterfaceNotFound(type, name, _enabled[type]);
        if (hardwareType.AcceptsAnyEnabledInterface || hardwareType.Supported(type).Contains(name))
            return null;
        return IronicMessages.IncompatibleInterface(type, name, hardwareType.Name);
    }

    private void IndexImplementations(IEnumerable<IDriverInterface> implementations)
    {
        foreach (var implementation in implementations)
        {
            var type = implementation.InterfaceType;
            if (!InterfaceTypes.IsKnown(type))
                throw new InvalidOperationException($"{implementation.GetType().Name} declares unknown interface type '{type}'.");
            if (!InterfaceTypes.ContractOf(type).IsInstanceOfType(implementation))
                throw new InvalidOperationException(
                    $"{implementation.GetType().Name} declares interface type '{type}' but does not implement {InterfaceTypes.ContractOf(type).Name}.");
            if (!_implementations.TryAdd((type, implementation.Name), implementation))
                throw new InvalidOperationException($"Two implementations of the {type} interface are named '{implementation.Name}'.");
        }
    }

    private static Dictionary<string, HardwareType> IndexKnownTypes(IEnumerable<HardwareType> knownHardwareTypes)
    {
        var known = new Dictionary<string, HardwareType>(StringComparer.Ordinal);
        foreach (var hardwareType in knownHardwareTypes)
            if (!known.TryAdd(hardwareType.Name, hardwareType))
                throw new InvalidOperationException($"Two hardware types are named '{hardwareType.Name}'.");
        return known;
    }
}
