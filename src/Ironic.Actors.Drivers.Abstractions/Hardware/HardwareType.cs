namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// A hardware type (what a node's <c>driver</c> names): for each interface type, the implementation
/// names it supports, in order of preference (the first enabled one is the default).
/// </summary>
public sealed record HardwareType(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> SupportedInterfaces)
{
    /// <summary>
    /// True for <c>fake-hardware</c>: any enabled implementation may be combined with it, and the
    /// supported lists only drive the choice of defaults (spec 6.2).
    /// </summary>
    public bool AcceptsAnyEnabledInterface { get; init; }

    /// <summary>The supported implementation names for one interface type (empty when none).</summary>
    public IReadOnlyList<string> Supported(string interfaceType) =>
        SupportedInterfaces.TryGetValue(interfaceType, out var names) ? names : [];
}
