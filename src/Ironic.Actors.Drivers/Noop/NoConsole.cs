using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-console": console access is not supported.</summary>
public sealed class NoConsole : IConsoleInterface
{
    public string Name => "no-console";
    public string InterfaceType => InterfaceTypes.Console;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public Task StartConsoleAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
    public Task StopConsoleAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
    public Task<JsonObject> GetConsoleAsync(Node node, CancellationToken ct) => Unsupported.Action<JsonObject>(node, InterfaceType);
}
