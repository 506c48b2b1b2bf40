namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// Resolves a node's interfaces as Ironic does: the explicitly requested implementation when it is
/// enabled and supported by the hardware type, else the configured default, else the first enabled
/// entry of the hardware type's supported list. Implemented by the conductor's hardware-type registry.
/// </summary>
public interface IInterfaceResolver
{
    /// <summary>True when some conductor offers the hardware type <paramref name="driver"/>.</summary>
    bool IsKnownDriver(string driver);

    /// <summary>
    /// Resolves all twelve interfaces of a node of hardware type <paramref name="driver"/>.
    /// <paramref name="requested"/> maps interface type (e.g. "power") to an explicit implementation name;
    /// missing or null entries get the default. Returns the interfaces, or an Ironic-worded error.
    /// </summary>
    InterfaceResolution Resolve(string driver, IReadOnlyDictionary<string, string?> requested);

    /// <summary>The deploy steps <paramref name="node"/>'s interfaces offer (enabled or not); none when unknown.</summary>
    IReadOnlyList<DriverDeployStep> DeploySteps(Node node) => [];
}

/// <summary>A deploy step an interface offers: its priority (0: only when asked for) and the description of its arguments.</summary>
public sealed record DriverDeployStep(string Interface, string Step, int Priority, System.Text.Json.Nodes.JsonObject? ArgsInfo);

/// <summary>The outcome of <see cref="IInterfaceResolver.Resolve"/>: interfaces, or an error message.</summary>
public sealed record InterfaceResolution(NodeInterfaces? Interfaces, string? Error)
{
    public static InterfaceResolution Ok(NodeInterfaces interfaces) => new(interfaces, null);
    public static InterfaceResolution Fail(string error) => new(null, error);
}
