using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// A tiny interface registry: hardware type "fake-hardware" (plus any extra names given), each
/// interface type offering "fake" and "noop"; defaults are "noop" for network and storage, else "fake".
/// </summary>
internal sealed class FakeInterfaceResolver : IInterfaceResolver
{
    public const string FakeHardware = "fake-hardware";

    private readonly HashSet<string> _drivers;

    public FakeInterfaceResolver(params string[] extraDrivers) => _drivers = [FakeHardware, .. extraDrivers];

    /// <summary>The interfaces a node gets when nothing is requested.</summary>
    public static NodeInterfaces Defaults { get; } =
        NodeInterfaces.FromMap(NodeInterfaces.Types.ToDictionary(t => t, DefaultFor));

    /// <summary>The requested map of the last <see cref="Resolve"/> call, for assertions.</summary>
    public IReadOnlyDictionary<string, string?>? LastRequested { get; private set; }

    public int ResolveCalls { get; private set; }

    public static string DefaultFor(string type) => type is "network" or "storage" ? "noop" : "fake";

    public static string NotFound(string type, string name) =>
        $"Could not find the following interface in the 'ironic.hardware.interfaces.{type}' entrypoint: {name}. " +
        "Valid interfaces are ['fake', 'noop'].";

    public bool IsKnownDriver(string driver) => _drivers.Contains(driver);

    public InterfaceResolution Resolve(string driver, IReadOnlyDictionary<string, string?> requested)
    {
        ResolveCalls++;
        LastRequested = new Dictionary<string, string?>(requested);
        if (!IsKnownDriver(driver))
            return InterfaceResolution.Fail($"Could not find the following driver: {driver}");
        var map = new Dictionary<string, string>();
        foreach (var type in NodeInterfaces.Types)
        {
            var wanted = requested.GetValueOrDefault(type);
            if (wanted is null)
                map[type] = DefaultFor(type);
            else if (wanted is "fake" or "noop")
                map[type] = wanted;
            else
                return InterfaceResolution.Fail(NotFound(type, wanted));
        }
        return InterfaceResolution.Ok(NodeInterfaces.FromMap(map));
    }
}
