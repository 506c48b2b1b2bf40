using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>
/// What the <c>no-*</c> implementations answer: like Ironic's, they fail validation and every
/// user-visible action with <c>UnsupportedDriverExtension</c>.
/// </summary>
internal static class Unsupported
{
    public static ValidationResult Validation(Node node, string interfaceType) =>
        ValidationResult.Fail(DriverException.UnsupportedExtensionMessage(node.Driver, interfaceType));

    public static Task Action(Node node, string interfaceType) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, interfaceType));

    public static Task<T> Action<T>(Node node, string interfaceType) =>
        Task.FromException<T>(DriverException.UnsupportedExtension(node.Driver, interfaceType));
}
