namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Error texts worded like Ironic's driver-loading exceptions, so API clients and operators see
/// the messages they know.
/// </summary>
public static class IronicMessages
{
    /// <summary>Entry point namespace of hardware types.</summary>
    public const string HardwareTypesEntrypoint = "ironic.hardware.types";

    /// <summary><c>DriverNotFound</c>: a node names a hardware type no conductor offers.</summary>
    public static string DriverNotFound(string driver) =>
        $"Could not find the following driver(s) or hardware type(s): {driver}.";

    /// <summary><c>DriverNotFoundInEntrypoint</c>: an enabled name has no implementation.</summary>
    public static string NotFoundInEntrypoint(string entrypoint, IEnumerable<string> names) =>
        $"Could not find the following items in the '{entrypoint}' entrypoint: {string.Join(", ", names)}.";

    /// <summary><c>InterfaceNotFoundInEntrypoint</c>: a node asks for an implementation that is not enabled.</summary>
    public static string InterfaceNotFound(string interfaceType, string name, IEnumerable<string> valid) =>
        $"Could not find the following interface in the '{InterfaceTypes.EntrypointOf(interfaceType)}' entrypoint: " +
        $"{name}. Valid interfaces are {PythonList(valid)}.";

    /// <summary><c>IncompatibleInterface</c>: the implementation is enabled but not supported by the hardware type.</summary>
    public static string IncompatibleInterface(string interfaceType, string name, string hardwareType) =>
        $"{interfaceType} interface implementation '{name}' is not supported by hardware type {hardwareType}.";

    /// <summary><c>NoValidDefaultForInterface</c>: nothing enabled is supported for an interface type.</summary>
    public static string NoValidDefault(string interfaceType, string hardwareType) =>
        $"For hardware type '{hardwareType}', no default value found for {interfaceType} interface could be " +
        "determined. Please ensure the interfaces are enabled.";

    /// <summary><c>NoDriversLoaded</c>: the conductor has no hardware type to offer.</summary>
    public static string NoDriversLoaded() =>
        "Conductor cannot be started because no hardware types were loaded.";

    /// <summary><c>ConfigInvalid</c> for empty <c>enabled_*_interfaces</c> options.</summary>
    public static string EmptyEnabledInterfaces(IEnumerable<string> interfaceTypes) =>
        "Invalid configuration file. Configuration options " +
        string.Join(", ", interfaceTypes.Select(t => $"enabled_{t}_interfaces")) + " cannot be an empty list.";

    /// <summary>A list rendered as Python prints it, e.g. <c>['fake', 'no-bios']</c>.</summary>
    public static string PythonList(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
}
