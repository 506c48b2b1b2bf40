namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// One row of what a conductor offers, like Ironic's <c>conductor_hardware_interfaces</c> table:
/// an enabled and supported implementation of an interface type for a hardware type, and whether
/// it is that pair's default.
/// </summary>
public sealed record HardwareInterfaceEntry(string HardwareType, string InterfaceType, string InterfaceName, bool IsDefault);
