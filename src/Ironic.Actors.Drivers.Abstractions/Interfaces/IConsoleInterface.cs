using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Serial/graphical console access (Ironic's <c>ConsoleInterface</c>).</summary>
public interface IConsoleInterface : IDriverInterface
{
    /// <summary>Starts the console; unsupported unless the implementation says otherwise.</summary>
    Task StartConsoleAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Stops the console; unsupported unless the implementation says otherwise.</summary>
    Task StopConsoleAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Connection details (<c>console_info</c>, e.g. type and url).</summary>
    Task<JsonObject> GetConsoleAsync(Node node, CancellationToken ct) =>
        Task.FromException<JsonObject>(DriverException.UnsupportedExtension(node.Driver, InterfaceType));
}
